"""
Regenerates the reference files in this folder with the real probeinterface package (0.3.2).
Tests do not run this script: they only read its output.

    PYTHONPATH=/path/to/probeinterface/src python3 make_reference.py
"""

import json
from pathlib import Path

import numpy as np
import probeinterface as pi
from probeinterface import (
    ProbeGroup,
    generate_dummy_probe,
    generate_dummy_probe_group,
    generate_linear_probe,
    generate_multi_columns_probe,
    generate_multi_shank,
    generate_tetrode,
)

here = Path(__file__).parent
library = here.parent.parent / "fixtures" / "probe-library"
written = here / "written"
written.mkdir(exist_ok=True)


def save(name, probe_or_group):
    # ".txt" keeps formatters away: the bytes are what is being compared
    pi.write_probeinterface(written / f"{name}.json.txt", probe_or_group)


# byte-exact outputs of write_probeinterface
save("tetrode", generate_tetrode())
save("tetrode_r7_5", generate_tetrode(r=7.5))
save("linear_default", generate_linear_probe())
save("linear_square", generate_linear_probe(num_elec=5, ypitch=12.5, contact_shapes="square", contact_shape_params={"width": 8}))
save(
    "multi_columns",
    generate_multi_columns_probe(
        num_columns=2, num_contact_per_column=[3, 4], xpitch=15, ypitch=12.5, y_shift_per_column=[0, 6.25]
    ),
)
save("multi_shank", generate_multi_shank(num_shank=3, num_columns=2, num_contact_per_column=4))
save("dummy_circle", generate_dummy_probe())
save("dummy_rect", generate_dummy_probe(elec_shapes="rect"))
save("dummy_group", generate_dummy_probe_group())

assy = pi.read_probeinterface(library / "cambridgeneurotech" / "ASSY-156-P-1" / "ASSY-156-P-1.json").probes[0]
assy._probe_group = None
assy.wiring_to_device("ASSY-156>RHD2164")
save("assy156_wired", assy)

linear = generate_linear_probe(num_elec=4)
save("linear_3d_xz", linear.to_3d(axes="xz"))
save("linear_3d_yz_to_2d_yz", linear.to_3d(axes="yz").to_2d(axes="yz"))

rect_shape = generate_multi_columns_probe(num_columns=2, num_contact_per_column=3)
rect_shape.create_auto_shape(probe_type="rect", margin=10)
save("auto_shape_rect", rect_shape)

sliced = generate_multi_shank(num_shank=2, num_columns=1, num_contact_per_column=4)
sliced.set_device_channel_indices(np.arange(8)[::-1])
save("sliced", sliced.get_slice(np.array([6, 1, 3])))

# geometry with a tolerance (matrix products may round differently)
geometry = {}
p = generate_linear_probe(num_elec=3)
p.rotate(30)
geometry["rotate30"] = {
    "positions": p.contact_positions.tolist(),
    "plane_axes": p.contact_plane_axes.tolist(),
    "contour": p.probe_planar_contour.tolist(),
}
p = generate_linear_probe(num_elec=3)
p.rotate(-45, center=[5.0, 7.0])
geometry["rotate_m45_center"] = {
    "positions": p.contact_positions.tolist(),
    "plane_axes": p.contact_plane_axes.tolist(),
}
p = generate_linear_probe(num_elec=3)
p.rotate_contacts([10, 20, 30])
geometry["rotate_contacts"] = {"plane_axes": p.contact_plane_axes.tolist()}
circ = generate_multi_columns_probe(num_columns=2, num_contact_per_column=3)
circ.create_auto_shape(probe_type="circular", margin=5)
geometry["auto_shape_circular"] = circ.probe_planar_contour.tolist()
verts = generate_dummy_probe(elec_shapes="rect").get_contact_vertices()
geometry["rect_vertices_0"] = verts[0].tolist()
verts = generate_tetrode().get_contact_vertices()
geometry["circle_vertices_1_first3"] = verts[1][:3].tolist()
(here / "geometry.json").write_text(json.dumps(geometry, indent=1))


# contact tables (to_numpy(complete=True))
def table(arr):
    return {"dtype": [[n, arr.dtype[n].str] for n in arr.dtype.names], "rows": [list(r) for r in arr.tolist()]}


tables = {
    "dummy_circle": table(generate_dummy_probe().to_numpy(complete=True)),
    "dummy_group": table(generate_dummy_probe_group().to_numpy(complete=True)),
    "dummy_group_incomplete": table(generate_dummy_probe_group().to_numpy(complete=False)),
    "assy156_wired": table(assy.to_numpy(complete=True)),
}
(here / "tables.json").write_text(json.dumps(tables, indent=1))
