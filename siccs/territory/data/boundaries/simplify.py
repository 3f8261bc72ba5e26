"""Build `regions.geojson`, the simplified region boundaries shipped with SI-CCS, from the
OCHA COD-AB 2015 edition of Mali (CC0).

    .venv/bin/python siccs/territory/data/boundaries/simplify.py /work/shared/data/mali-cod-ab-2015

How: the 701 communes of `mli_admbnda_adm3.geojson` are made a clean coverage
(`shapely.coverage_clean`: the slivers and overlaps the source's own simplification left
between neighbours, up to 0.01°, go to the neighbour with the longest shared border),
grouped into the 19 regions and the District de Bamako in force since 25 November 2020 by
their 2015 cercle (see `REGION_OF_CERCLE`; Taoudénit is the 2015 commune of Salam),
dissolved (one union per region), simplified together as one coverage
(`shapely.coverage_simplify`, 0.01°: neighbours keep one shared edge, so the regions a
reform joined fit together again without gaps) and snapped to a 0.001° grid (about
100 m). The nine regions of 2015 are thus their COD-AB shapes; the eleven created since
2016 are approximations assembled from the 2015 cercles, not official boundaries.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.polygon import orient

OUT = Path(__file__).resolve().parent / "regions.geojson"
TOLERANCE = 0.01  # degrees, about 1 km: finer than a 600 px map of Mali shows
GAP = 0.01  # degrees: wider gaps between communes would be real, none is in the source
GRID = 0.001

# 2015 cercle P-code -> region in force since 25 November 2020 (the 2015 region otherwise).
REGION_OF_CERCLE = {
    "ML0103": "Nioro", "ML0105": "Kita", "ML0106": "Nioro",
    "ML0203": "Dioïla", "ML0207": "Nara",
    "ML0302": "Koutiala", "ML0303": "Bougouni", "ML0304": "Bougouni",
    "ML0305": "Koutiala", "ML0306": "Bougouni",
    "ML0404": "San", "ML0406": "San",
    "ML0502": "Bandiagara", "ML0503": "Bandiagara", "ML0506": "Douentza",
    "ML0507": "Bandiagara",
    "ML0704": "Ménaka",
}  # fmt: skip
REGION_OF_COMMUNE = {"ML060105": "Taoudénit"}
REGIONS_2015 = {
    "ML01": "Kayes", "ML02": "Koulikoro", "ML03": "Sikasso", "ML04": "Ségou", "ML05": "Mopti",
    "ML06": "Tombouctou", "ML07": "Gao", "ML08": "Kidal", "ML09": "District de Bamako",
}  # fmt: skip


def _rounded(geometry: dict) -> dict:
    def walk(value):
        if isinstance(value, list | tuple) and value and isinstance(value[0], float | int):
            return [round(value[0], 3), round(value[1], 3)]
        return [walk(v) for v in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def build(source: Path) -> dict:
    communes = json.loads((source / "mli_admbnda_adm3.geojson").read_text(encoding="utf-8"))
    features_in = communes["features"]
    cleaned = shapely.coverage_clean(
        [shapely.make_valid(shape(f["geometry"])) for f in features_in], gap_width=GAP
    )
    parts: dict[str, list] = {}
    codes: dict[str, set[str]] = {}
    for feature, geometry in zip(features_in, cleaned, strict=True):
        props = feature["properties"]
        region = REGION_OF_COMMUNE.get(props["admin3Pcod"]) or REGION_OF_CERCLE.get(
            props["admin2Pcod"], REGIONS_2015[props["admin1Pcod"]]
        )
        parts.setdefault(region, []).append(geometry)
        codes.setdefault(region, set()).add(props["admin2Pcod"])
    names = sorted(parts)
    dissolved = [shapely.coverage_union_all(parts[n]) for n in names]
    simplified = shapely.set_precision(shapely.coverage_simplify(dissolved, TOLERANCE), GRID)
    features = []
    for name, geometry in zip(names, simplified, strict=True):
        geometry = shapely.make_valid(geometry)
        if geometry.geom_type == "GeometryCollection":
            geometry = shapely.union_all([g for g in geometry.geoms if g.area > 0])
        if geometry.geom_type == "MultiPolygon":
            geometry = shapely.MultiPolygon([orient(p) for p in geometry.geoms if p.area > 1e-4])
            if len(geometry.geoms) == 1:
                geometry = geometry.geoms[0]
        else:
            geometry = orient(geometry)
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "name": name,
                    "cercles_2015": sorted(codes[name]),
                    "source": "OCHA COD-AB Mali 2015-04-08 (CC0), simplified",
                },
                "geometry": _rounded(mapping(geometry)),  # drops the float noise of the grid
            }
        )
    return {"type": "FeatureCollection", "features": features}


if __name__ == "__main__":
    collection = build(Path(sys.argv[1]))
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(collection['features'])} regions, {OUT.stat().st_size} bytes")
