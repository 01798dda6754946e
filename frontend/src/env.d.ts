// Runes ($state, $derived, ...) are declared by the svelte package's types; Vite's by vite/client.
import "svelte";
import "vite/client";

declare module "*.svelte" {
  import type { Component } from "svelte";
  const component: Component<Record<string, string>>;
  export default component;
}
