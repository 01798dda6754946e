/**
 * The front end's build: a single-page app in frontend/dist that the backend serves. The build
 * prints the gzipped size of the JavaScript a first visit loads (the entry chunk and its static
 * imports; pages are split off and load on demand) and fails above the budget.
 */
import { gzipSync } from "node:zlib";
import { readdirSync, readFileSync } from "node:fs";
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

/**
 * The municipality's theme folder (theme.json, logo, district outlines), laid out as theme/ next
 * to index.html: BUURTKAS_THEME names the folder (default frontend/themes/assen, the demo's city).
 * The app reads theme/theme.json at start-up, so a city can also replace that folder in a build.
 */
function municipalTheme(): Plugin {
  const folder = path.resolve(process.env.BUURTKAS_THEME ?? path.join(import.meta.dirname, "themes", "assen"));
  const files = () => readdirSync(folder).filter((name) => /\.(json|geojson|svg|png|webp)$/.test(name));
  const types: Record<string, string> = {
    json: "application/json",
    geojson: "application/geo+json",
    svg: "image/svg+xml",
    png: "image/png",
    webp: "image/webp",
  };
  return {
    name: "buurtkas-municipal-theme",
    generateBundle() {
      if (!files().includes("theme.json")) this.error(`BUURTKAS_THEME ${folder} holds no theme.json`);
      for (const name of files()) {
        this.emitFile({ type: "asset", fileName: `theme/${name}`, source: readFileSync(path.join(folder, name)) });
      }
    },
    configureServer(server) {
      server.middlewares.use("/theme", (req, res, next) => {
        const name = (req.url ?? "").replace(/^\//, "").split("?")[0]!;
        if (!files().includes(name)) return next();
        res.setHeader("content-type", types[name.split(".").pop()!] ?? "application/octet-stream");
        res.end(readFileSync(path.join(folder, name)));
      });
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  // Relative asset URLs: the same build works under any path the backend serves it from.
  base: "./",
  plugins: [svelte(), initialJsBudget(), municipalTheme()],
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
