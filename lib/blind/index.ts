/**
 * Secret-ballot tokens: RSA blind signatures over a full-domain hash (rsa.ts) and the messages
 * SecretBallots checks (token.ts). Browser-safe: BigInt and ethers only.
 */
export * from "./rsa.js";
export * from "./token.js";
