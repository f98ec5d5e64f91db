// Writes coherence/data/worldmap.json, the world map's geometry, from Natural Earth's
// 1:110m admin-0 countries as redistributed by the npm package `world-atlas` (TopoJSON).
// Run by `make worldmap`, which installs the pinned packages of package-lock.json beside a
// copy of this script; nothing here runs when the site does.
//
//   node build_worldmap.mjs ATLAS_JSON OUTPUT_JSON SOURCE_LABEL
//
// Output: the Equal Earth projection of every country, one SVG path each keyed by its
// ISO 3166-1 numeric code (= UN M49; Kosovo, which has none, by ISO alpha-3 XKX), and the
// lines to draw: international boundaries and boundaries whose status is not
// determined (drawn dashed). Following the United Nations' cartographic practice:
// - Northern Cyprus and Somaliland are drawn as parts of Cyprus and Somalia, and Crimea
//   as part of Ukraine (General Assembly resolution 68/262), with no boundary between;
// - Western Sahara, a non-self-governing territory, is a neutral area of its own with
//   dashed limits; so are Kosovo's limits (Security Council resolution 1244 (1999));
// - the boundary between Sudan and South Sudan (final boundary not determined, Abyei) and
//   the lines in Jammu and Kashmir (the Line of Control, final status not agreed upon by
//   the parties) are dashed. At 1:110m Natural Earth has no polygon for Jammu and Kashmir
//   or Abyei, so they cannot take a neutral fill of their own.
// Antarctica is left out (no practices; it would take a fifth of the height).

import { readFileSync, writeFileSync } from "node:fs";
import { geoEqualEarth, geoPath } from "d3-geo";
import * as topojson from "topojson-client";

const [atlasPath, outputPath, sourceLabel] = process.argv.slice(2);
if (!atlasPath || !outputPath) {
  console.error("usage: node build_worldmap.mjs ATLAS_JSON OUTPUT_JSON SOURCE_LABEL");
  process.exit(2);
}

const WIDTH = 2000; // viewBox units; the SVG scales to its container
// (whole units: at this width a unit is under a pixel of any screen the map is shown on)
const LEFT_OUT = new Set(["010"]); // Antarctica
const NEUTRAL = new Map([["732", "Western Sahara"]]);
// Natural Earth's features without an ISO numeric code.
const UNNUMBERED = new Map([
  ["N. Cyprus", { into: "196" }],
  ["Somaliland", { into: "706" }],
  ["Kosovo", { iso3: "XKX" }],
]);
const UKRAINE = "804";
const RUSSIA = "643";
const CRIMEA_BOX = { west: 32, east: 37, south: 44, north: 46.5 };

const topology = absolute(JSON.parse(readFileSync(atlasPath, "utf8")));
const geometries = topology.objects.countries.geometries;
westernSahara();

// The topology's arcs in longitude and latitude (no quantization), so that arcs can be
// split and added.
function absolute(quantized) {
  const { scale, translate } = quantized.transform;
  quantized.arcs = quantized.arcs.map((arc) => {
    let [x, y] = [0, 0];
    return arc.map(([dx, dy]) => {
      x += dx;
      y += dy;
      return [x * scale[0] + translate[0], y * scale[1] + translate[1]];
    });
  });
  delete quantized.transform;
  return quantized;
}

// At 1:110m Natural Earth gives Morocco Western Sahara's coast, down to Cap Blanc, with a
// diagonal line inland between the two. Redraw the limit along 27°40'N (the coast to the
// Algerian border) and give the coast south of it to Western Sahara.
function westernSahara() {
  const LIMIT = 27 + 40 / 60;
  const find = (name) => geometries.find((g) => g.properties.name === name);
  const [morocco, sahara] = [find("Morocco"), find("W. Sahara")];
  const reversed = (i) => ~i;
  // Morocco's ring: its border with Algeria, the diagonal (reversed), the coast from
  // Cap Blanc north; Western Sahara's: its inland borders, then the diagonal.
  const [algeria, diagonal, coast] = morocco.arcs[0];
  if (morocco.type !== "Polygon" || coast < 0 || sahara.arcs[0].at(-1) !== reversed(diagonal)) {
    throw new Error("Morocco and Western Sahara are not as expected: check the atlas version");
  }
  const points = topology.arcs[coast];
  const k = points.findIndex(([, lat]) => lat >= LIMIT - 0.05);
  const corner = topology.arcs[reversed(diagonal)].at(-1); // where the diagonal meets Algeria
  const south = points.slice(0, k + 1);
  const north = points.slice(k);
  topology.arcs[coast] = south;
  const northIndex = topology.arcs.push(north) - 1;
  const limitIndex = topology.arcs.push([points[k], corner]) - 1;
  morocco.arcs = [[algeria, reversed(limitIndex), northIndex]];
  sahara.arcs = [[...sahara.arcs[0].slice(0, -1), coast, limitIndex]];
}

function keyOf(geometry) {
  if (geometry.id) return geometry.id;
  const known = UNNUMBERED.get(geometry.properties.name);
  if (!known) throw new Error(`A feature without a code: ${geometry.properties.name}`);
  return known.into ?? known.iso3;
}

function polygonsOf(geometry) {
  if (geometry.type === "Polygon") return [geometry.arcs];
  if (geometry.type === "MultiPolygon") return geometry.arcs;
  return [];
}

function inBox(polygonArcs, box) {
  const ring = topojson.feature(topology, { type: "Polygon", arcs: polygonArcs }).geometry
    .coordinates[0];
  return ring.every(([lon, lat]) => lon >= box.west && lon <= box.east && lat >= box.south && lat <= box.north);
}

// Group the features' polygons by the key they are drawn under.
const byKey = new Map();
for (const geometry of geometries) {
  const key = keyOf(geometry);
  if (LEFT_OUT.has(key)) continue;
  for (const polygon of polygonsOf(geometry)) {
    let owner = key;
    if (key === RUSSIA && inBox(polygon, CRIMEA_BOX)) owner = UKRAINE;
    if (!byKey.has(owner)) byKey.set(owner, { names: [], polygons: [] });
    byKey.get(owner).polygons.push(polygon);
  }
  const entry = byKey.get(key);
  if (entry && !entry.names.length && !UNNUMBERED.get(geometry.properties.name)?.into) {
    entry.names.push(geometry.properties.name);
  }
}
const drawn = [...byKey].map(([key, { names, polygons }]) => ({
  type: "MultiPolygon",
  arcs: polygons,
  id: key,
  properties: { name: names[0] ?? key },
}));
const collection = { type: "GeometryCollection", geometries: drawn };

const projection = geoEqualEarth().fitWidth(WIDTH, topojson.feature(topology, collection));
const projected = geoPath(projection);
// d3's path in whole units and relative moves ("M12 40l3-2 4 1z"): a third of the size of
// its absolute decimal coordinates, and the same shapes at this width.
function path(object) {
  const d = projected(object);
  if (!d) return "";
  const parts = [];
  let previous = null;
  let drawing = false;
  for (const [, command, numbers] of d.matchAll(/([MLZ])([^MLZ]*)/g)) {
    if (command === "Z") {
      parts.push("z");
      drawing = false;
      continue;
    }
    const [x, y] = numbers.split(",").map((n) => Math.round(Number(n)));
    if (command === "M") {
      parts.push(`M${x} ${y}`);
      drawing = false;
    } else {
      const [dx, dy] = [x - previous[0], y - previous[1]];
      if (!dx && !dy) continue;
      parts.push(`${drawing ? " " : "l"}${dx}${dy < 0 ? "" : " "}${dy}`);
      drawing = true;
    }
    previous = [x, y];
  }
  return parts.join("");
}

const [[, top], [, bottom]] = projected.bounds(topojson.feature(topology, collection));
projection.translate([projection.translate()[0], projection.translate()[1] - top + 2]);
const height = Math.ceil(bottom - top + 4);

// Lines: dashed where a boundary's status is not determined (see the header).
const KASHMIR = new Set(["356", "586", "156"]); // India, Pakistan, China
const undeterminedPair = (a, b) => {
  const pair = new Set([a.id, b.id]);
  if (NEUTRAL.has(a.id) || NEUTRAL.has(b.id)) return true;
  if (pair.has("XKX")) return true;
  return pair.has("729") && pair.has("728"); // Sudan, South Sudan
};
// In Jammu and Kashmir: the India-Pakistan line north of 32.5°N (the Line of Control),
// the India-China line west of 80.5°E (Aksai Chin), the China-Pakistan line.
const inKashmir = ([lon, lat], a, b) => {
  const pair = new Set([a.id, b.id]);
  if (pair.has("356") && pair.has("586")) return lat > 32.5;
  if (pair.has("356") && pair.has("156")) return lon < 80.5 && lat > 32;
  if (pair.has("586") && pair.has("156")) return true;
  return false;
};

const kashmirPair = (a, b) => KASHMIR.has(a.id) && KASHMIR.has(b.id);
const between = (filter) =>
  topojson.mesh(topology, collection, (a, b) => a !== b && filter(a, b)).coordinates;
const solid = between((a, b) => !undeterminedPair(a, b) && !kashmirPair(a, b));
const dashed = between(undeterminedPair);
for (const [x, y] of [["356", "586"], ["156", "356"], ["156", "586"]]) {
  const pair = (a, b) => (a.id === x && b.id === y) || (a.id === y && b.id === x);
  const [a] = drawn.filter((g) => g.id === x);
  const [b] = drawn.filter((g) => g.id === y);
  for (const line of between(pair)) {
    // Split each line into runs inside and outside Jammu and Kashmir.
    let run = [line[0]];
    let flag = inKashmir(line[0], a, b);
    for (const point of line.slice(1)) {
      run.push(point);
      const now = inKashmir(point, a, b);
      if (now !== flag) {
        (flag ? dashed : solid).push(run);
        run = [point];
        flag = now;
      }
    }
    if (run.length > 1) (flag ? dashed : solid).push(run);
  }
}

const shapes = drawn
  .filter((geometry) => !NEUTRAL.has(geometry.id))
  .map((geometry) => {
    const numeric = /^\d{3}$/.test(geometry.id);
    return {
      m49: numeric ? Number(geometry.id) : null,
      iso3: numeric ? null : geometry.id,
      name: geometry.properties.name,
      d: path(topojson.feature(topology, geometry)),
    };
  })
  .sort((x, y) => (x.m49 ?? 1000) - (y.m49 ?? 1000) || String(x.iso3).localeCompare(String(y.iso3)));
const neutral = drawn
  .filter((geometry) => NEUTRAL.has(geometry.id))
  .map((geometry) => ({ name: NEUTRAL.get(geometry.id), d: path(topojson.feature(topology, geometry)) }));

const output = {
  generated_by: "scripts/worldmap/build_worldmap.mjs (make worldmap)",
  source: sourceLabel ?? atlasPath,
  projection: "Equal Earth",
  width: WIDTH,
  height,
  shapes,
  neutral,
  lines: {
    boundaries: path({ type: "MultiLineString", coordinates: solid }),
    undetermined: path({ type: "MultiLineString", coordinates: dashed }),
  },
};
writeFileSync(outputPath, JSON.stringify(output, null, 0) + "\n");
console.log(`${outputPath}: ${shapes.length} shapes, ${neutral.length} neutral, ${WIDTH}x${height}`);
