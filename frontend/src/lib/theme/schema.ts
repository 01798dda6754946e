/**
 * A municipality's theme (frontend/themes/<city>/theme.json): its name, logo, design-token
 * overrides, district names, public shop listings and map settings. One build serves any city:
 * the file is read at start-up (GET theme/theme.json), and a bad file is refused with the field
 * named, so a typo does not silently fall back to another city's look.
 */
import { z } from "zod";

export const themeSchema = z
  .object({
    $comment: z.string().optional(),
    /** "Gemeente Assen": shown in the header and the footer. */
    municipality: z.string().min(1),
    appName: z.string().min(1),
    /** A file next to theme.json. */
    logo: z.string().regex(/^[\w.-]+\.(svg|png|webp)$/, "is not a file name next to theme.json"),
    /** Design tokens (CSS custom properties) set on the page: `--buurtkas-brand`, or any NL Design System token. */
    tokens: z.record(
      z.string().regex(/^--[a-z0-9-]+$/, "is not a CSS custom property name"),
      z
        .string()
        .max(200)
        .regex(/^[^;{}<>]*$/, "is not a plain CSS value"),
    ),
    /** Names of the districts by number, as the municipality calls them. */
    districts: z.record(z.string().regex(/^\d+$/), z.string().min(1)).default({}),
    /**
     * The public listings of registered shops ("Bakkerij Het Brinkje, Assen"). The coin contract
     * stores only the listing's keccak256; a listing is shown as a shop's name only when its hash
     * is the one on chain, so a wrong entry here cannot rename a shop.
     */
    shops: z.array(z.string().min(1)).default([]),
    /** The themes a proposal can belong to, as the municipality groups them ("Groen", "Spelen"). */
    proposalThemes: z.array(z.string().min(1).max(80)).default([]),
    map: z
      .object({
        /** An XYZ tile URL template; the PDOK BRT base map by default. Empty: outlines only. */
        tiles: z.string(),
        attribution: z.string(),
        center: z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) }),
        zoom: z.number().int().min(1).max(20),
        /** A GeoJSON file of district outlines next to theme.json (features with `properties.district`). */
        outlines: z
          .string()
          .regex(/^[\w.-]+\.(geo)?json$/)
          .optional(),
      })
      .strict(),
  })
  .strict();

export type Theme = z.infer<typeof themeSchema>;
