import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { FileFormatError } from "../../src/errors.js";
import { parseProbeinterfaceJson, probeGroupToJson } from "../../src/probe/json.js";
import { Probe } from "../../src/probe/probe.js";
import { ProbeGroup } from "../../src/probe/probegroup.js";
import { PyFloats, pythonFloatRepr, toPythonJsonText } from "../../src/probe/py-json.js";
import { parseJsonWithFloatMarks } from "../../src/probe/py-json-parse.js";
import type { ShapeParams } from "../../src/probe/types.js";

describe("Python-style JSON text", () => {
  test("float repr matches Python's json.dumps", () => {
    // json.dumps([...]) output of Python 3.11 for the same values
    const values = [
      0,
      -0,
      1,
      1e16,
      1e15,
      123456789012345680,
      0.0001,
      0.00001,
      1.5e-7,
      6.123233995736766e-16,
      -12.5,
      1e22,
      2.5e-5,
      1234.5678,
      0.1 + 0.2,
      1e300,
      5e-324,
      Number.NaN,
      Number.POSITIVE_INFINITY,
    ];
    const python =
      "[0.0, -0.0, 1.0, 1e+16, 1000000000000000.0, 1.2345678901234568e+17, 0.0001, 1e-05, 1.5e-07, " +
      "6.123233995736766e-16, -12.5, 1e+22, 2.5e-05, 1234.5678, 0.30000000000000004, 1e+300, 5e-324, NaN, Infinity]";
    assert.equal(`[${values.map(pythonFloatRepr).join(", ")}]`, python);
  });

  test("indent, empty containers and ensure_ascii escaping match json.dump(indent=4)", () => {
    const text = toPythonJsonText({
      a: [],
      b: {},
      c: [1, [2, {}]],
      f: new PyFloats([3, 0.5]),
      s: 'é\u007f"\\\n\t\u0001😀',
    });
    assert.equal(
      text,
      '{\n    "a": [],\n    "b": {},\n    "c": [\n        1,\n        [\n            2,\n            {}\n        ]\n    ],\n' +
        '    "f": [\n        3.0,\n        0.5\n    ],\n' +
        '    "s": "\\u00e9\\u007f\\"\\\\\\n\\t\\u0001\\ud83d\\ude00"\n}',
    );
  });

  test("property: every double's repr reads back to the same double", () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true }), (x) => {
        const r = pythonFloatRepr(x);
        assert.ok(Object.is(Number(r.replace(/^(-?)Infinity$/, "$1Infinity")), x), `${x} -> ${r}`);
        assert.match(r, /[.en]|Infinity/); // always a float literal for Python
      }),
      { numRuns: 2000 },
    );
  });

  test("property: the float-marking reader agrees with JSON.parse and marks float literals", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 2);
        assert.deepEqual(parseJsonWithFloatMarks(text).value, JSON.parse(text));
      }),
      { numRuns: 300 },
    );
    const { value, floatArrays } = parseJsonWithFloatMarks(
      '{"a": [1, 2], "b": [1.0, 2], "c": [NaN], "__proto__": [3]}',
    );
    const v = value as Record<string, unknown[]>;
    assert.deepEqual([floatArrays.has(v.a), floatArrays.has(v.b), floatArrays.has(v.c)], [false, true, true]);
    assert.deepEqual(Object.keys(v), ["a", "b", "c", "__proto__"]);
    assert.throws(() => parseJsonWithFloatMarks('{"a": [1, 2}', "x.json"), FileFormatError);
    assert.throws(() => parseJsonWithFloatMarks("[1] 2", "x.json"), /trailing characters/);
  });
});

const coord = fc.integer({ min: -2000, max: 2000 }).map((v) => v / 4);

/** Random probes: unique positions, mixed shapes, optional ids, shanks, wiring, annotations. */
const arbProbe = fc
  .record({
    positions: fc.uniqueArray(fc.tuple(coord, coord), {
      minLength: 1,
      maxLength: 12,
      selector: ([x, y]) => `${x},${y}`,
    }),
    shape: fc.constantFrom("circle", "square", "rect"),
    withIds: fc.boolean(),
    withShanks: fc.boolean(),
    withWiring: fc.boolean(),
    name: fc.option(fc.string(), { nil: null }),
    seed: fc.integer({ min: 0, max: 1000 }),
  })
  .map((r) => {
    const p = new Probe({ name: r.name, manufacturer: "fc" });
    const n = r.positions.length;
    const params: ShapeParams =
      r.shape === "circle" ? { radius: 5 } : r.shape === "square" ? { width: 7.5 } : { width: 4, height: 9 };
    p.setContacts({
      positions: r.positions,
      shapes: r.shape as "circle",
      shapeParams: params,
      contactIds: r.withIds ? Array.from({ length: n }, (_, i) => `c${(i * 7 + r.seed) % 1000}-${i}`) : null,
      shankIds: r.withShanks ? Array.from({ length: n }, (_, i) => String(i % 3)) : null,
    });
    if (r.withWiring)
      p.setDeviceChannelIndices(Array.from({ length: n }, (_, i) => (i % 4 === 3 ? -1 : n - 1 - i)));
    p.annotateContacts({ impedance: Float64Array.from({ length: n }, (_, i) => i * 0.5 + r.seed) });
    p.createAutoShape({ probeType: "rect", margin: 10 });
    return p;
  });

test("a '__proto__' annotation stays a plain key", () => {
  const text =
    '{"probes": [{"ndim": 2, "si_units": "um", "annotations": {"__proto__": {"polluted": true}}, ' +
    '"contact_positions": [[0, 0]], "contact_plane_axes": [[[1, 0], [0, 1]]], "contact_shapes": ["circle"], ' +
    '"contact_shape_params": [{"radius": 5}]}]}';
  const probe = parseProbeinterfaceJson(text).probes[0];
  assert.equal(Object.getPrototypeOf(probe.annotations), Object.prototype);
  assert.deepEqual(Object.keys(probe.annotations), ["__proto__"]);
  assert.equal((probe.annotations as Record<string, unknown>).polluted, undefined);
});

describe("probe round trips (properties)", () => {
  test("JSON text: parse(write(group)) equals the group and writes the same text again", () => {
    fc.assert(
      fc.property(fc.array(arbProbe, { minLength: 1, maxLength: 3 }), (probes) => {
        const group = new ProbeGroup();
        let offset = 0;
        for (const p of probes) {
          p.move([offset, 0]);
          offset += 10000;
          if (p.deviceChannelIndices !== null) {
            p.setDeviceChannelIndices(Array.from(p.deviceChannelIndices, (d) => (d < 0 ? d : d + offset)));
          }
          group.addProbe(p);
        }
        const text = probeGroupToJson(group);
        const back = parseProbeinterfaceJson(text);
        assert.ok(back.equals(group));
        assert.equal(probeGroupToJson(back), text);
        back.probes.forEach((p, i) => {
          assert.equal(
            p.contactAnnotations.impedance.dtype,
            group.probes[i].contactAnnotations.impedance.dtype,
          );
        });
      }),
      { numRuns: 100 },
    );
  });

  test("toDict/fromDict and a permutation slice undone by its inverse", () => {
    fc.assert(
      fc.property(arbProbe, fc.integer({ min: 0, max: 1000 }), (probe, seed) => {
        assert.ok(Probe.fromDict(probe.toDict()).equals(probe));
        const n = probe.getContactCount();
        const perm = Array.from({ length: n }, (_, i) => i).sort(
          (a, b) => ((a * seed) % 7) - ((b * seed) % 7) || a - b,
        );
        const inverse = new Array<number>(n);
        perm.forEach((p, i) => {
          inverse[p] = i;
        });
        assert.ok(probe.getSlice(perm).getSlice(inverse).equals(probe));
      }),
      { numRuns: 100 },
    );
  });
});
