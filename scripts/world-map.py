#!/usr/bin/env python3
"""Converts Natural Earth's 1:110m country boundaries into the compact world map the
overview page draws: one line per country, `CC<TAB>name<TAB>SVG path`, in the Natural Earth
projection on a 1000-unit-wide canvas, Antarctica left out.

Source: Natural Earth "Admin 0 – Countries" 1:110m (public domain,
https://www.naturalearthdata.com/about/terms-of-use/), as shipped in the PyPI wheel of
geopandas 0.14.4 (geopandas/datasets/naturalearth_lowres, BSD-3-Clause package, the data
itself public domain). ISO 3166-1 alpha-3 → alpha-2 from pycountry (LGPL-2.1, used only
to run this script; nothing of it is kept).

Usage: scripts/world-map.py [OUTPUT]   (default Sources/TocsinServer/Dashboard/world-110m.tsv)
Needs pip and PyPI; downloads the three wheels into a temporary folder.
"""
import math
import os
import subprocess
import sys
import tempfile
import zipfile

WIDTH = 1000.0
# The projection's x spans ±2.7335 (λ = ±π at the equator); y spans ±1.4224.
SCALE = WIDTH / (2 * 2.7335)
MIN_STEP = 0.9      # drop points closer than this (canvas units) to the last kept
MIN_AREA = 1.5      # drop rings smaller than this (canvas units²), but keep a country's largest

# Countries the data set codes -99 or with a code pycountry does not know.
FIXES = {"Kosovo": "XK", "France": "FR", "Norway": "NO", "N. Cyprus": "CY", "Somaliland": "SO"}


def natural_earth(lon, lat):
    """The Natural Earth projection (Šavrič, Jenny, Patterson, Petrovič, Hurni 2011)."""
    lam, phi = math.radians(lon), math.radians(lat)
    p2 = phi * phi
    p4 = p2 * p2
    x = lam * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)))
    y = phi * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)))
    return (x + 2.7335) * SCALE, (1.4224 - y) * SCALE


def ring_area(points):
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1]))) / 2


def ring_path(points):
    kept = []
    for x, y in points:
        q = (round(x), round(y))
        if kept and math.dist(q, kept[-1]) < MIN_STEP:
            continue
        kept.append(q)
    if len(kept) < 3:
        return ""
    out = [f"M{kept[0][0]} {kept[0][1]}"]
    for (x0, y0), (x1, y1) in zip(kept, kept[1:]):
        out.append(f"l{x1 - x0} {y1 - y0}")
    return "".join(out) + "z"


def main():
    output = sys.argv[1] if len(sys.argv) > 1 else "Sources/TocsinServer/Dashboard/world-110m.tsv"
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "-d", tmp,
                        "geopandas==0.14.4", "pyshp==3.1.9", "pycountry==26.2.16"], check=True)
        lib = os.path.join(tmp, "lib")
        for name in os.listdir(tmp):
            if name.endswith(".whl"):
                zipfile.ZipFile(os.path.join(tmp, name)).extractall(lib)
        sys.path.insert(0, lib)
        import pycountry
        import shapefile
        reader = shapefile.Reader(os.path.join(lib, "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"))
        rows = {}
        for shape, record in zip(reader.shapes(), reader.records()):
            name, a3 = record["name"], record["iso_a3"]
            if name == "Antarctica":
                continue
            country = pycountry.countries.get(alpha_3=a3)
            cc = FIXES.get(name) or (country.alpha_2 if country else None)
            if not cc:
                print(f"skipped {name} ({a3}): no alpha-2 code", file=sys.stderr)
                continue
            parts = list(shape.parts) + [len(shape.points)]
            rings = [[natural_earth(*p) for p in shape.points[a:b]] for a, b in zip(parts, parts[1:])]
            rings.sort(key=ring_area, reverse=True)
            paths = [ring_path(r) for i, r in enumerate(rings) if i == 0 or ring_area(r) >= MIN_AREA]
            path = "".join(p for p in paths if p)
            if cc in rows:  # N. Cyprus joins Cyprus, Somaliland Somalia
                rows[cc] = (rows[cc][0], rows[cc][1] + path)
            else:
                rows[cc] = (name, path)
    with open(output, "w", encoding="utf-8") as out:
        out.write("# Natural Earth 1:110m Admin 0 countries (public domain), Natural Earth projection, "
                  f"{int(WIDTH)} x {round(2 * 1.4224 * SCALE)}; made by scripts/world-map.py\n")
        for cc in sorted(rows):
            name, path = rows[cc]
            out.write(f"{cc}\t{name}\t{path}\n")
    print(f"{len(rows)} countries, {os.path.getsize(output)} bytes → {output}", file=sys.stderr)


if __name__ == "__main__":
    main()
