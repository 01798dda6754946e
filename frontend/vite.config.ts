/**
 * The front end's build: a single-page app in frontend/dist that the backend serves. The build
 * prints the gzipped size of the JavaScript a first visit loads (the entry chunk and its static
 * imports; pages are split off and load on demand) and fails above the budget.
 */
import { gzipSync } from "node:zlib";
import path from "node:path";

import { svelte } from "@sveltejs/vite-plugin-svelte";
import { defineConfig, type Plugin } from "vite";

const INITIAL_JS_BUDGET = 200 * 1024;

function initialJsBudget(): Plugin {
  return {
    name: "buurtkas-initial-js-budget",
    apply: "build",
    generateBundle(_options, bundle) {
      const chunks = new Map(
        Object.values(bundle)
          .filter((item) => item.type === "chunk")
          .map((chunk) => [chunk.fileName, chunk]),
      );
      const initial = new Set<string>();
      const visit = (fileName: string) => {
        if (initial.has(fileName)) return;
        const chunk = chunks.get(fileName);
        if (!chunk) return;
        initial.add(fileName);
        chunk.imports.forEach(visit);
      };
      for (const chunk of chunks.values()) if (chunk.isEntry) visit(chunk.fileName);
      let gzipped = 0;
      for (const fileName of initial) gzipped += gzipSync(chunks.get(fileName)!.code).length;
      const all = [...chunks.values()].reduce((sum, chunk) => sum + gzipSync(chunk.code).length, 0);
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      console.log(
        `\n[buurtkas] initial JavaScript: ${kb(gzipped)} gzipped (${initial.size} chunks, budget ${kb(INITIAL_JS_BUDGET)}); all JavaScript ${kb(all)} gzipped`,
      );
      if (gzipped > INITIAL_JS_BUDGET) {
        this.error(`initial JavaScript is ${kb(gzipped)} gzipped, over the ${kb(INITIAL_JS_BUDGET)} budget`);
      }
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the same build works under any path the backend serves it from.
  base: "./",
  plugins: [svelte(), initialJsBudget()],
  build: {
    outDir: path.join(import.meta.dirname, "dist"),
    emptyOutDir: true,
    target: "es2022",
  },
  server: {
    fs: { allow: [path.resolve(import.meta.dirname, "..")] },
    proxy: { "/api": process.env.BUURTKAS_API ?? "http://127.0.0.1:3000" },
  },
});
