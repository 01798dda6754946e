/** The audit report as text for a terminal: one table per district, then every mismatch named. */
import type { AuditReport, DistrictReport, Mismatch } from "../../lib/audit/index.js";

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((row) =>
    row
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join("  ")
      .trimEnd(),
  );
}

const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? "" : "s"}`;

const mark = (selected: boolean | undefined) => (selected === undefined ? "-" : selected ? "yes" : "no");

function districtLines(d: DistrictReport, explainRules: boolean): string[] {
  const state = d.contract.finalized ? "finalized" : d.published ? "ballot published" : "ballot not published";
  const lines = [
    "",
    `District ${d.district}: budget ${d.budget}, ${plural(d.ballots.online, "online ballot")} ` +
      `(re-votes replaced ${d.ballots.replaced}) and ${plural(d.ballots.paper, "paper ballot")}, ${state}`,
  ];
  if (d.positions.length === 0) return [...lines, "  (no proposals on the ballot)"];
  const apiVotes = new Map(d.api?.tallies.map((t) => [t.proposalId, t.votes]));
  const greedy = new Set(d.recount.greedy.selected);
  const mes = d.recount.mes ? new Set(d.recount.mes.selected) : undefined;
  const onChain = d.contract.selected ? new Set(d.contract.selected) : undefined;
  const header = ["proposal", "cost", "recount", "contract"];
  if (d.contractEvent) header.push("event");
  if (d.api) header.push("api");
  header.push("greedy", "on chain");
  if (mes) header.push("MES");
  const rows = [header];
  d.positions.forEach((p, i) => {
    const row = [p.proposalId, p.cost, d.recount.tallies[i]!.votes, d.contract.tallies[i]?.votes ?? "-"];
    if (d.contractEvent) row.push(d.contractEvent.tallies[i] ?? "-");
    if (d.api) row.push(apiVotes.get(p.proposalId) ?? "-");
    row.push(mark(greedy.has(p.proposalId)), onChain ? mark(onChain.has(p.proposalId)) : "-");
    if (mes) row.push(mark(mes.has(p.proposalId)));
    rows.push(row);
  });
  lines.push(...table(rows).map((l) => `  ${l}`));
  const cost = `greedy recount cost ${d.recount.greedy.cost}`;
  lines.push(
    `  ${cost}${d.contract.selectedCost !== null ? `, contract selected cost ${d.contract.selectedCost}` : ""}` +
      `${d.recount.mes ? `, MES (Add1) cost ${d.recount.mes.cost}` : ""}`,
  );
  const c = d.commitment;
  if (c) {
    const objections = c.objections.map(
      (o) =>
        `objection ${o.objectionId} by ${o.objector} naming ${o.proposalIds.join(", ") || "none"}: ` +
        (o.resolution ? (o.resolution.upheld ? "commitment upheld" : "replaced by a recount") : "open"),
    );
    lines.push(
      `  committed (${c.libraryVersion}, blocks ${c.fromBlock}..${c.toBlock}, hash ${c.toBlockHash}): ` +
        `${c.selected.join(", ") || "none"}, cost ${c.selectedCost}; objection window until ` +
        `${new Date(c.windowEnd * 1000).toISOString()}; ${c.matches ? "matches the recount" : "DIFFERS from the recount"}`,
      ...objections.map((o) => `    ${o}`),
    );
  }
  if (explainRules) {
    const mesText = new Map(d.recount.mes?.explanation.map((e) => [e.proposalId, e.text]));
    for (const e of d.recount.greedy.explanation) {
      lines.push(`  proposal ${e.proposalId}`, `    greedy: ${e.text}`);
      if (d.recount.mes) lines.push(`    MES:    ${mesText.get(e.proposalId)}`);
    }
  }
  return lines;
}

export function describeMismatch(m: Mismatch): string {
  const where = [m.district !== null ? `district ${m.district}` : "round", m.proposalId && `proposal ${m.proposalId}`]
    .filter(Boolean)
    .join(", ");
  return `${where}: ${m.field} — recount from the logs ${m.recount ?? "(none)"}, ${m.source} ${m.found ?? "(none)"}`;
}

export function formatReport(report: AuditReport, explainRules: boolean): string {
  const lines = [
    `Round ${report.round} of BudgetRound ${report.contract} on chain ${report.chainId}` +
      `${report.cancelled ? " (cancelled)" : report.finalized ? " (finalized)" : ""}`,
    `Read ${report.logs} logs from blocks ${report.blocks.from}..${report.blocks.to}; block ${report.blocks.to} has hash ${report.blocks.toHash}`,
    ...(report.blocks.pinnedBy === "api"
      ? [
          `Pinned to block ${report.blocks.to}, which the API has indexed (chain head ${report.blocks.head}); use --block to choose`,
        ]
      : []),
    `Rules: ${report.rules.ballotType} ballots, ${report.rules.tallyRule} on chain, tie-break ${report.rules.tieBreak}, rules hash ${report.rules.rulesHash}`,
  ];
  if (report.api) {
    lines.push(
      `API ${report.api.url}: ${report.api.proposals} proposals, ${report.api.proposalsWithContent} with content (hash checked)`,
      ...(report.api.texts
        ? [
            `Texts and photos: ${report.api.texts.checked} served and hashed again, ${report.api.texts.missing} not stored, ${report.api.texts.hidden} hidden by a moderator`,
          ]
        : []),
    );
  }
  for (const d of report.districts) lines.push(...districtLines(d, explainRules));
  if (report.roles) {
    lines.push(
      `Roles: ${plural(report.roles.holders, "role holder")} on ${plural(report.roles.contracts, "contract")} from the chain's role logs up to block ${report.roles.block}, compared with the API`,
    );
  }
  if (report.supports.length > 0) {
    const rows = [["proposal", "district", "online", "paper", "contract", "threshold"]];
    for (const s of report.supports) {
      rows.push([
        s.proposalId,
        String(s.district),
        String(s.online),
        String(s.paper),
        String(s.contract),
        mark(s.reachedThreshold),
      ]);
    }
    lines.push("", `Supports (threshold ${report.rules.supportThreshold}):`, ...table(rows).map((l) => `  ${l}`));
  }
  if (report.tokens) {
    lines.push(
      "",
      `Secret ballots (SecretBallots ${report.tokens.secretBallots}, issuer ${report.tokens.issuer ?? "none"}):`,
    );
    for (const t of report.tokens.districts) {
      lines.push(
        `  district ${t.district}: ${t.requested} requested, ${t.issued} issued (${t.validBlindSignatures} blind signatures verified), ` +
          `${t.redeemed} redeemed (${t.validTokens} tokens verified), ${t.anonymousBallots} anonymous ballots, ${t.unused} unused; ` +
          `contract ${t.contract.requested}/${t.contract.issued}/${t.contract.ballots}`,
      );
    }
  } else if (report.rules.secrecy === "secret") {
    lines.push("", "Secret round: give --deployment to check its tokens as well.");
  }
  lines.push("");
  if (report.match) {
    lines.push(
      `MATCH: the recount from the chain's logs equals the contract's tallies and results${report.api ? " and the API" : ""}.`,
    );
  } else {
    lines.push(`MISMATCH: ${report.mismatches.length} difference(s):`);
    for (const m of report.mismatches) lines.push(`  ${describeMismatch(m)}`);
  }
  return lines.join("\n");
}
