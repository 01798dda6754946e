/**
 * Texts of the officials' roles desk (frontend/src/pages/officials/RolesDesk.svelte): [Nederlands,
 * English]. The officials' page registers them (registerMessages) when it loads, like
 * messages/backoffice.ts; this module stays free of runes so tests can read the table. Every role a
 * contract of the system declares has a plain name (`role_<Contract>_<ROLE>`) and an explanation
 * (`roleHelp_<Contract>_<ROLE>`); test/frontend/role-catalog.test.ts checks none is missing.
 */
export const rolesMessages = {
  desk_roles: ["Rollen", "Roles"],
  rolesDesk: ["Rollen en bevoegdheden", "Roles and permissions"],
  rolesIntro: [
    "Wie wat mag, staat in de contracten zelf. Hier ziet u per contract elke rol en wie die nu heeft (gelezen uit de blockchain), en geeft of ontneemt u een rol. Dat kan alleen bij contracten waarvan u beheerder bent.",
    "Who may do what is kept in the contracts themselves. Here you see each role of each contract and who holds it now (read from the blockchain), and grant or revoke a role. You can do so only on contracts you administer.",
  ],
  rolesNoHolders: ["Niemand", "Nobody"],
  rolesHolders: ["Houders", "Holders"],
  rolesPermits: ["Mag", "May"],
  rolesYouAdminister: ["U bent beheerder van dit contract.", "You administer this contract."],
  rolesNotAdmin: [
    "U bent geen beheerder van dit contract: u kunt hier niets geven of ontnemen.",
    "You do not administer this contract: you cannot grant or revoke anything here.",
  ],
  rolesRevoke: ["Rol ontnemen", "Revoke role"],
  rolesRevokeLabel: ["Rol ontnemen: {role} van {account}", "Revoke role: {role} from {account}"],
  rolesRevokeConfirm: [
    "{role} ontnemen aan {account}? Dit account kan dan niet meer: {help}",
    "Revoke {role} from {account}? That account will no longer be able to: {help}",
  ],
  rolesRevokeSelfAdmin: [
    "Let op: u ontneemt uzelf het beheer van {contract}. Daarna kunt u daar geen rollen meer geven of ontnemen.",
    "Note: you are revoking your own administration of {contract}. Afterwards you can no longer grant or revoke roles there.",
  ],
  rolesRevoked: ["Rol ontnomen.", "Role revoked."],
  rolesGrantHeading: ["Rol geven", "Grant a role"],
  rolesGrantContract: ["Contract", "Contract"],
  rolesGrantRole: ["Rol", "Role"],
  rolesGrantAccount: ["Account (adres, 0x…)", "Account (address, 0x…)"],
  rolesGrant: ["Rol geven", "Grant role"],
  rolesGranted: ["Rol gegeven.", "Role granted."],
  rolesReadAt: ["Gelezen in blok {block}.", "Read at block {block}."],
  rolesGrantedBy: ["gegeven door {by} in blok {block}", "granted by {by} in block {block}"],
  rolesAwaitingIndex: [
    "De wijziging staat in blok {block}; de lijst toont haar zodra de index dat blok heeft gelezen.",
    "The change is in block {block}; the list shows it once the index has read that block.",
  ],
  rolesHistory: ["Geschiedenis", "History"],
  rolesHistoryIntro: [
    "Elke wijziging van de rollen, de nieuwste eerst, zoals de blockchain haar bewaart.",
    "Every change of the roles, newest first, as the blockchain keeps it.",
  ],
  rolesHistoryGranted: [
    "{role} gegeven aan {account} door {by} in blok {block}",
    "{role} granted to {account} by {by} in block {block}",
  ],
  rolesHistoryRevoked: [
    "{role} ontnomen aan {account} door {by} in blok {block}",
    "{role} revoked from {account} by {by} in block {block}",
  ],
  rolesHistoryRenounced: [
    "{role} opgegeven door {account} in blok {block}",
    "{role} renounced by {account} in block {block}",
  ],
  rolesHistoryAdminChanged: [
    "Beheer van {role} overgegaan van {previous} naar {admin} in blok {block}",
    "Administration of {role} moved from {previous} to {admin} in block {block}",
  ],
  rolesHistoryEmpty: ["Nog geen wijzigingen.", "No changes yet."],
  rolesHistoryMore: ["Oudere wijzigingen tonen", "Show older changes"],
  problem_already_holds: ["dit account heeft deze rol al", "this account holds this role already"],
  problem_not_admin_of: ["u bent hier geen beheerder", "you do not administer this"],

  role_DEFAULT_ADMIN_ROLE: ["Beheerder", "Administrator"],
  roleHelp_DEFAULT_ADMIN_ROLE: [
    "rollen van dit contract geven en ontnemen, en de noodfuncties van het contract gebruiken.",
    "grant and revoke this contract's roles, and use the contract's emergency functions.",
  ],
  role_BudgetRound_ROUND_MANAGER_ROLE: ["Rondebeheerder", "Round manager"],
  roleHelp_BudgetRound_ROUND_MANAGER_ROLE: [
    "rondes openen met hun regels, de uitslag vaststellen en melden hoe het met gekozen projecten gaat.",
    "open rounds with their rules, finalize the result and report how chosen projects are going.",
  ],
  role_BudgetRound_REVIEWER_ROLE: ["Beoordelaar", "Reviewer"],
  roleHelp_BudgetRound_REVIEWER_ROLE: [
    "voorstellen beoordelen (haalbaar, definitieve kosten, toelichting) en het stembiljet van een wijk publiceren.",
    "review proposals (feasible, final cost, reason) and publish a district's ballot.",
  ],
  role_BudgetRound_CLERK_ROLE: ["Stembureau (contract)", "Polling station (contract)"],
  roleHelp_BudgetRound_CLERK_ROLE: [
    "papieren stembiljetten in de telling zetten. Alleen de balie voor papieren stemmen hoort deze rol te hebben: die controleert de stemcode; geef hem niet aan mensen.",
    "add paper ballots to the count. Only the paper ballot desk should hold this role: it checks the vote code; do not grant it to people.",
  ],
  role_BudgetRound_BALLOT_BOX_ROLE: ["Stembus voor geheime stemmen", "Ballot box for secret votes"],
  roleHelp_BudgetRound_BALLOT_BOX_ROLE: [
    "geheime stemmen doorgeven aan de telling. Alleen het contract voor geheime stemmen hoort deze rol te hebben.",
    "pass secret ballots on to the count. Only the secret ballots contract should hold this role.",
  ],
  role_ResidentRegistry_REGISTRAR_ROLE: ["Inschrijver", "Registrar"],
  roleHelp_ResidentRegistry_REGISTRAR_ROLE: [
    "inwoners inschrijven in een wijk, hun inschrijving verlengen en intrekken.",
    "register residents in a district, extend and revoke their registration.",
  ],
  role_ResidentRegistry_CODE_ISSUER_ROLE: ["Uitgever van stemcodes", "Vote-code issuer"],
  roleHelp_ResidentRegistry_CODE_ISSUER_ROLE: [
    "reeksen stemcodes (brieven) uitgeven en intrekken, ook na een import uit het bevolkingsregister.",
    "issue and withdraw batches of vote codes (letters), also after an import from the population register.",
  ],
  role_ResidentRegistry_EARNINGS_RECORDER_ROLE: ["Verdiensten bijhouden", "Earnings recorder"],
  roleHelp_ResidentRegistry_EARNINGS_RECORDER_ROLE: [
    "bijhouden wat een inwoner per jaar met klussen verdient (voor het jaarmaximum). Alleen het klussenbord hoort deze rol te hebben.",
    "record what a resident earns with tasks each year (for the yearly cap). Only the task board should hold this role.",
  ],
  role_ResidentRegistry_MODERATOR_ROLE: ["Moderator", "Moderator"],
  roleHelp_ResidentRegistry_MODERATOR_ROLE: [
    "teksten en foto's verbergen (met een openbare reden) of weer tonen.",
    "hide texts and photos (with a public reason) or show them again.",
  ],
  role_ResidentRegistry_CODE_CONSUMER_ROLE: ["Stemcodes innemen", "Vote-code consumer"],
  roleHelp_ResidentRegistry_CODE_CONSUMER_ROLE: [
    "een stemcode als gebruikt markeren bij een papieren stem. Alleen de balie voor papieren stemmen hoort deze rol te hebben.",
    "mark a vote code used for a paper ballot. Only the paper ballot desk should hold this role.",
  ],
  role_LocalCoin_MINTER_ROLE: ["Munten uitgeven", "Minter"],
  roleHelp_LocalCoin_MINTER_ROLE: [
    "nieuwe lokale munten maken (bijvoorbeeld om klussen te betalen).",
    "create new local coins (for instance to pay for tasks).",
  ],
  role_LocalCoin_MERCHANT_MANAGER_ROLE: ["Winkelbeheer", "Shop manager"],
  roleHelp_LocalCoin_MERCHANT_MANAGER_ROLE: [
    "winkels aanmelden die munten aannemen, hernoemen en afmelden.",
    "register shops that accept coins, rename and remove them.",
  ],
  role_TaskBoard_TASK_POSTER_ROLE: ["Klussen plaatsen", "Task poster"],
  roleHelp_TaskBoard_TASK_POSTER_ROLE: [
    "klussen plaatsen en betalen, uitgevoerd werk goed- of afkeuren en eigen klussen annuleren.",
    "post and fund tasks, approve or reject work done and cancel their own tasks.",
  ],
  role_ResultCommitments_COMMITTER_ROLE: ["Uitslag vastleggen", "Result committer"],
  roleHelp_ResultCommitments_COMMITTER_ROLE: [
    "de buiten de blockchain berekende uitslag (gelijke delen) vastleggen, waarna bezwaar mogelijk is.",
    "commit the result computed off chain (equal shares), after which objections are possible.",
  ],
  role_SecretBallots_ISSUER_ROLE: ["Uitgever van stembewijzen", "Token issuer"],
  roleHelp_SecretBallots_ISSUER_ROLE: [
    "de sleutels instellen waarmee anonieme stembewijzen voor een geheime ronde worden ondertekend.",
    "set the keys that sign anonymous voting tokens for a secret round.",
  ],
  role_PaperBallotDesk_CLERK_ROLE: ["Stembureaumedewerker", "Polling clerk"],
  roleHelp_PaperBallotDesk_CLERK_ROLE: [
    "papieren stembiljetten invoeren met de stemcode van het huishouden.",
    "enter paper ballots with the household's vote code.",
  ],
} as const;
