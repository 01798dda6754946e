import { tick } from "svelte";

/**
 * After a PIN form has done its work it disappears, and with it the focused button: focus goes
 * to the page's heading instead, so a keyboard or screen-reader user is not left on the body.
 */
export async function focusPageHeading(): Promise<void> {
  await tick();
  const heading = document.querySelector<HTMLElement>("main h1");
  if (!heading) return;
  heading.setAttribute("tabindex", "-1");
  heading.focus();
}
