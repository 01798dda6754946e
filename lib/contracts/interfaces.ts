/** Every deployed contract's ethers Interface, built from the generated ABIs (browser-safe). */
import { Interface } from "ethers";

import { abis, contractNames, type ContractName } from "../../generated/abis.js";

export const contractInterfaces = Object.fromEntries(
  contractNames.map((name) => [name, new Interface(abis[name])]),
) as Record<ContractName, Interface>;
