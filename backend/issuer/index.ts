/**
 * The secret-ballot token issuer (docs/secret-ballot.md): `createIssuer(deps)` names secret
 * rounds' district keys and answers token requests on chain; `createIssuerFromEnv` starts it from
 * ISSUER_PRIVATE_KEY and ISSUER_KEYRING.
 */
export { createIssuer, type Issuer, type IssuerDeps, type IssuerScan } from "./issuer.js";
export { generateKey, modulusBytes, openKeyring, type Keyring } from "./keys.js";
export { createIssuerFromEnv, loadIssuerConfig, type IssuerConfig } from "./fromEnv.js";
