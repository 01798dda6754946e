/**
 * An account as GET /api/accounts/:address shows it, read from the index alone (no contract call):
 * its registration, what it earned in the current calendar year against the yearly cap, its coin
 * balance and whether it is a merchant.
 *
 * What the contracts hold comes from the index:
 * - `ResidentRegistry.registrationOf`: the account's row of `account_states`, which the indexer
 *   keeps per block from the registry's events and the approved rewards (projections/accounts.ts);
 * - `TaskBoard.earnedIn(account, currentYear())`: that row's earnings when their year is the
 *   current one, else 0, as the registry answers;
 * - `TaskBoard.yearlyCap()`: the latest `YearlyCapChanged` (the constructor emits the first);
 * - `currentYear()`: the Dutch calendar year (contracts/utils/CalendarYear.sol) of the chain time
 *   the API judges phases by (the newest indexed block, or the wall clock when later).
 *
 * One query of primary-key and index lookups per account, cached per indexed block: the cursor is
 * read once for all the requests that arrive while it is being read, so under load most requests
 * cost no query of their own.
 */
import type { Sql } from "../../db/index.js";

export interface AccountView {
  address: string;
  residentDistricts: { district: number; expiresAt: number }[];
  registration: { district: number; expiresAt: number; revoked: boolean; active: boolean } | null;
  balance: string;
  earnedThisYear: string;
  year: number;
  yearlyCap: string;
  isMerchant: boolean;
}

export interface AccountReader {
  read(address: string): Promise<AccountView>;
}

/** What the index says about one account at one indexed block (the time-dependent parts apart). */
interface AccountState {
  balance: bigint;
  registration: { district: bigint; expiresAt: bigint; revoked: boolean } | undefined;
  /** Earnings as the registry keeps them: those of one calendar year. */
  earnings: { year: number; earned: bigint } | undefined;
  cap: bigint;
  isMerchant: boolean;
  /** Unix seconds of the newest indexed block (0 before any). */
  headTime: bigint;
}

interface StateRow {
  balance: bigint | null;
  district: bigint | null;
  expires_at: bigint | null;
  revoked: boolean | null;
  earnings_year: number | null;
  earned: bigint | null;
  cap: bigint | null;
  merchant: boolean | null;
  head_time: bigint | null;
}

const MAX_CACHED = 20_000;

export function createAccountReader(sql: Sql): AccountReader {
  let cache = new Map<string, Promise<AccountState>>();
  let cachedTag: string | undefined;
  let tagRead: Promise<string> | undefined;

  /** The indexed block, read once for every request arriving while it is read. */
  const currentTag = (): Promise<string> =>
    (tagRead ??= (async () => {
      const [row] = await sql<{ tag: string }[]>`
        select concat_ws(':', block_number, block_hash) as tag from indexer_cursor
      `;
      return row?.tag ?? "";
    })().finally(() => (tagRead = undefined)));

  return {
    async read(address) {
      const tag = await currentTag();
      if (tag !== cachedTag || cache.size >= MAX_CACHED) {
        cache = new Map();
        cachedTag = tag;
      }
      let state = cache.get(address);
      if (!state) {
        state = readState(sql, address);
        cache.set(address, state);
        const entry = state;
        state.catch(() => {
          if (cache.get(address) === entry) cache.delete(address);
        });
      }
      return view(address, await state);
    },
  };
}

async function readState(sql: Sql, account: string): Promise<AccountState> {
  const [row] = await sql<StateRow[]>`
    select
      (select balance from coin_balances where account = ${account}) as balance,
      s.district, s.expires_at, s.revoked, s.earnings_year, s.earned,
      (select new_cap from task_yearly_cap_changed order by block_number desc, log_index desc limit 1) as cap,
      (
        select active from (
          select block_number, log_index, true as active from coin_merchant_registered where merchant = ${account}
          union all
          select block_number, log_index, false from coin_merchant_removed where merchant = ${account}
        ) m order by block_number desc, log_index desc limit 1
      ) as merchant,
      (select extract(epoch from timestamp)::bigint from blocks order by number desc limit 1) as head_time
    from (select 1) as one
    left join account_states s on s.account = ${account}
  `;
  return {
    balance: row?.balance ?? 0n,
    registration:
      row?.district !== null && row?.district !== undefined
        ? { district: row.district, expiresAt: row.expires_at!, revoked: row.revoked ?? false }
        : undefined,
    earnings:
      row?.earnings_year !== null && row?.earnings_year !== undefined
        ? { year: row.earnings_year, earned: row.earned ?? 0n }
        : undefined,
    cap: row?.cap ?? 0n,
    isMerchant: row?.merchant ?? false,
    headTime: row?.head_time ?? 0n,
  };
}

function view(address: string, state: AccountState): AccountView {
  const wall = BigInt(Math.floor(Date.now() / 1000));
  const now = state.headTime > wall ? state.headTime : wall;
  const year = dutchYearOf(now);
  const registration = state.registration;
  const active = registration !== undefined && !registration.revoked && registration.expiresAt > now;
  return {
    address,
    residentDistricts:
      registration && active
        ? [{ district: Number(registration.district), expiresAt: Number(registration.expiresAt) }]
        : [],
    registration: registration
      ? {
          district: Number(registration.district),
          expiresAt: Number(registration.expiresAt),
          revoked: registration.revoked,
          active,
        }
      : null,
    balance: state.balance.toString(),
    earnedThisYear: (state.earnings?.year === year ? state.earnings.earned : 0n).toString(),
    year,
    yearlyCap: state.cap.toString(),
    isMerchant: state.isMerchant,
  };
}

/**
 * The Dutch calendar year at a unix time, as contracts/utils/CalendarYear.sol computes it: New
 * Year in Europe/Amsterdam is always in winter time (UTC+1), so one hour ahead of UTC.
 */
export function dutchYearOf(unixSeconds: bigint): number {
  return new Date(Number(unixSeconds + 3600n) * 1000).getUTCFullYear();
}
