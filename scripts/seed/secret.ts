/**
 * The demo's secret-ballot token issuer: a Hardhat account (funded on the local chain) that
 * `npm start` runs the issuer service with (backend/issuer), granted SecretBallots' ISSUER_ROLE.
 * Its RSA keys are generated on first use into DATA_DIR/issuer/keyring.json (mode 0600).
 */
import type { HDNodeWallet } from "ethers";

import { SecretBallots__factory } from "../../types/ethers-contracts/factories/contracts/budget/SecretBallots__factory.js";
import type { Deployment } from "../../lib/contracts/deployments.js";

/** The issuer's derivation path of the Hardhat mnemonic (the relayer uses 9). */
export const DEMO_ISSUER_PATH = "m/44'/60'/0'/0/8";

export async function issuerRoleStep(
  demo: { admin: HDNodeWallet; deployment: Deployment; log: (step: string) => void },
  issuer: string,
): Promise<void> {
  demo.log("secret-ballot token issuer");
  const ballots = SecretBallots__factory.connect(demo.deployment.contracts.SecretBallots.address, demo.admin);
  await (await ballots.grantRole(await ballots.ISSUER_ROLE(), issuer)).wait();
}
