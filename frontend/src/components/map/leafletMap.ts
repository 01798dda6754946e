/**
 * The map itself, on Leaflet. Loaded only by the pages that show a map (MapView imports this
 * module dynamically), so Leaflet's ~40 KB never weighs on the first visit.
 *
 * The base map is the theme's tile source (PDOK's BRT base map by default). Over it come the
 * district outlines from the theme's GeoJSON, drawn whatever the tiles do: without tiles (no
 * internet, a blocked tile server, the tests) the outlines are the map, and the page says so.
 */
import L from "leaflet";
import "leaflet/dist/leaflet.css";

export interface MapPoint {
  id: string;
  lat: number;
  lon: number;
  label: string;
  href?: string;
}

export interface MapOptions {
  tiles: string;
  attribution: string;
  center: { lat: number; lon: number };
  zoom: number;
  outlines: GeoJSON.FeatureCollection | null;
  points: readonly MapPoint[];
  /** Set: clicking the map (or pressing Enter on it) places the pin there. */
  onpick?: ((lat: number, lon: number) => void) | undefined;
  picked?: { lat: number; lon: number } | null;
  /** Called once when no tile could be loaded, so the page can say it shows outlines only. */
  ontilesfailed?: () => void;
  labels: { pin: string };
}

export interface MapHandle {
  setPicked(point: { lat: number; lon: number } | null): void;
  /** Places the pin at the map's centre (the keyboard way to pick: pan with the arrow keys, then this). */
  pickCentre(): void;
  destroy(): void;
}

export function createMap(element: HTMLElement, options: MapOptions): MapHandle {
  const map = L.map(element, { keyboard: true, zoomControl: true }).setView(
    [options.center.lat, options.center.lon],
    options.zoom,
  );
  let loaded = 0;
  let failed = 0;
  if (options.tiles) {
    const tiles = L.tileLayer(options.tiles, { attribution: options.attribution, maxZoom: 19 });
    tiles.on("tileload", () => loaded++);
    tiles.on("tileerror", () => {
      failed++;
      if (loaded === 0 && failed === 1) options.ontilesfailed?.();
    });
    tiles.addTo(map);
  } else {
    options.ontilesfailed?.();
  }
  if (options.outlines) {
    L.geoJSON(options.outlines, {
      style: { color: "#1b1b1b", weight: 2, dashArray: "6 4", fillOpacity: 0.06 },
      onEachFeature: (feature, layer) => {
        const name = (feature.properties as { name?: string } | null)?.name;
        if (name)
          layer.bindTooltip(name, {
            permanent: true,
            direction: "top",
            offset: [0, -24],
            className: "map-district-label",
          });
      },
    }).addTo(map);
  }
  const bounds: L.LatLngExpression[] = [];
  for (const point of options.points) {
    const marker = L.circleMarker([point.lat, point.lon], {
      radius: 9,
      color: "#ffffff",
      weight: 2,
      fillColor: "#0b5394",
      fillOpacity: 1,
    }).addTo(map);
    marker.bindTooltip(point.label);
    if (point.href) marker.on("click", () => (location.hash = point.href!.replace(/^#/, "")));
    bounds.push([point.lat, point.lon]);
  }
  if (bounds.length > 1) map.fitBounds(L.latLngBounds(bounds), { padding: [24, 24], maxZoom: 16 });
  // One place (a proposal's own map): centred on it, so it is in view wherever in the city it is.
  else if (bounds.length === 1) map.setView(bounds[0]!, options.zoom);

  let pin: L.CircleMarker | null = null;
  const setPicked = (point: { lat: number; lon: number } | null) => {
    pin?.remove();
    pin = point
      ? L.circleMarker([point.lat, point.lon], {
          radius: 11,
          color: "#1b1b1b",
          weight: 3,
          fillColor: "#ffbf47",
          fillOpacity: 1,
        })
          .bindTooltip(options.labels.pin)
          .addTo(map)
      : null;
  };
  setPicked(options.picked ?? null);
  if (options.onpick) {
    const pick = options.onpick;
    map.on("click", (event: L.LeafletMouseEvent) => {
      setPicked({ lat: event.latlng.lat, lon: event.latlng.lng });
      pick(round6(event.latlng.lat), round6(event.latlng.lng));
    });
  }
  return {
    setPicked,
    pickCentre() {
      const centre = map.getCenter();
      setPicked({ lat: centre.lat, lon: centre.lng });
      options.onpick?.(round6(centre.lat), round6(centre.lng));
    },
    destroy: () => map.remove(),
  };
}

/** Six decimals are about 10 cm: precise enough for a bench, and a stable value to hash. */
const round6 = (value: number): number => Math.round(value * 1e6) / 1e6;
