// Runes ($state, $derived, ...) are declared by the svelte package's types; Vite's by vite/client.
// Components are typed by svelte-check from their own `$props()` (no blanket `*.svelte` module here).
import "svelte";
import "vite/client";
