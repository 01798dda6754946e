import { mount } from "svelte";

// The NL Design System: the example theme's design tokens (EUPL-1.2; a municipality's own colours
// come on top from its theme file) and Utrecht's styles for plain HTML elements, so every page
// follows the tokens without its markup knowing of them; app.css maps the theme onto both.
import "@nl-design-system-unstable/voorbeeld-design-tokens/dist/theme.css";
import "@utrecht/component-library-css/dist/html.css";

import App from "./App.svelte";
import "./app.css";

mount(App, { target: document.getElementById("app")! });
