/**
 * The embedded Postgres: PGlite (Postgres compiled to WebAssembly) served on a loopback port by
 * pglite-socket, so the backend talks to it with the same driver and SQL as to a real server.
 *
 * PGlite is one process's database: two processes opening the same folder would corrupt it, so a
 * lock file next to the data refuses a second opener while the first is alive.
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedPostgres {
  /** `postgres://` URL of the loopback server. */
  url: string;
  /** Folder of the data, or `memory://`. */
  dataDir: string;
  stop(): Promise<void>;
}

/** Starts PGlite on `dataDir` (`memory://` for a throwaway database) and serves it on 127.0.0.1. */
export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const inMemory = dataDir.startsWith("memory://");
  const folder = inMemory ? dataDir : path.join(dataDir, "pglite");
  const lock = inMemory ? undefined : await acquireLock(path.join(dataDir, "pglite.lock"));
  try {
    if (!inMemory) await mkdir(folder, { recursive: true });
    const db = await PGlite.create(folder);
    const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0 });
    try {
      await server.start();
    } catch (error) {
      await db.close();
      throw error;
    }
    return {
      url: `postgres://postgres@${server.getServerConn()}/postgres`,
      dataDir: folder,
      async stop() {
        await server.stop();
        await db.close();
        await lock?.release();
      },
    };
  } catch (error) {
    await lock?.release();
    throw error;
  }
}

/** Lock files this process holds, so it cannot open one folder twice either. */
const heldHere = new Set<string>();

async function acquireLock(file: string): Promise<{ release(): Promise<void> }> {
  if (heldHere.has(file)) throw inUse(file, process.pid);
  await mkdir(path.dirname(file), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(file, String(process.pid), { flag: "wx" });
      heldHere.add(file);
      return {
        release: async () => {
          heldHere.delete(file);
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number(await readFile(file, "utf8").catch(() => "0"));
      if (holder > 0 && holder !== process.pid && isAlive(holder)) throw inUse(file, holder);
      // The holder died without cleaning up: take over.
      await rm(file, { force: true });
    }
  }
  throw new Error(`could not lock ${file}`);
}

function inUse(file: string, pid: number): Error {
  return new Error(
    `the embedded database in ${path.dirname(file)} is in use by process ${pid}; ` +
      "stop it first, or set DATA_DIR to another folder",
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
