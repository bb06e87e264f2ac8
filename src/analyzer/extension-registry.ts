/**
 * The registry of extension classes and the dependency graph between them (spec api.md §10.2):
 * registering a class records it as a child of each parent, so recomputing a parent can delete
 * everything computed from it, and several extensions can be run parents first.
 */
import { InvalidArgumentError, SpikeInterfaceError } from "../errors.js";
import type { ExtensionClass } from "./extension.js";

const classes = new Map<string, ExtensionClass>();
const children = new Map<string, string[]>();

export function registerAnalyzerExtension(cls: ExtensionClass): void {
  const name = cls.extensionName;
  if (typeof name !== "string" || name.length === 0) {
    throw new InvalidArgumentError("an analyzer extension class needs a non-empty static extensionName");
  }
  const existing = classes.get(name);
  if (existing === cls) return;
  if (existing !== undefined) {
    throw new InvalidArgumentError(
      `an analyzer extension named ${JSON.stringify(name)} is already registered`,
      {
        name,
      },
    );
  }
  classes.set(name, cls);
  if (!children.has(name)) children.set(name, []);
  for (const dep of cls.dependOn) {
    for (const parent of dep.split("|")) {
      const list = children.get(parent) ?? [];
      if (!list.includes(name)) list.push(name);
      children.set(parent, list);
    }
  }
}

export function getExtensionClass(name: string): ExtensionClass {
  const cls = classes.get(name);
  if (cls === undefined) {
    throw new SpikeInterfaceError(
      "extension",
      `unknown analyzer extension ${JSON.stringify(name)}; registered: ${JSON.stringify([...classes.keys()])}`,
      { name },
    );
  }
  return cls;
}

export function hasExtensionClass(name: string): boolean {
  return classes.has(name);
}

/** Registered extension names, in registration order. */
export function getAvailableAnalyzerExtensions(): string[] {
  return [...classes.keys()];
}

export function getDefaultAnalyzerExtensionParams(name: string): Record<string, unknown> {
  return structuredClone({ ...getExtensionClass(name).defaultOptions });
}

/** Children, grandchildren… of an extension (what recomputing it invalidates). */
export function getChildrenDependencies(name: string): string[] {
  const out: string[] = [];
  const visit = (n: string) => {
    for (const child of children.get(n) ?? []) {
      if (!out.includes(child)) out.push(child);
      visit(child);
    }
  };
  visit(name);
  return out;
}

/** Names reordered so every parent (present in the list) comes before its children. */
export function sortByDependency(names: readonly string[]): string[] {
  const wanted = new Set(names);
  const out: string[] = [];
  const visiting = new Set<string>();
  const visit = (n: string) => {
    if (out.includes(n)) return;
    if (visiting.has(n)) {
      throw new SpikeInterfaceError("extension", `extension dependency cycle through ${JSON.stringify(n)}`);
    }
    visiting.add(n);
    const cls = classes.get(n);
    for (const dep of cls?.dependOn ?? []) {
      for (const parent of dep.split("|")) if (wanted.has(parent)) visit(parent);
    }
    visiting.delete(n);
    out.push(n);
  };
  for (const n of names) visit(n);
  return out;
}
