import type { ReasonNode } from "../api/types.ts";

/**
 * Navigating the reason tree a machine offers, one level at a time (a touch terminal shows one level of big buttons
 * and a trail back up). A trail is the list of full ids from the top down to the level shown; [] is the top level.
 */

/** The nodes from the top of the tree down to `id`; empty when the tree does not have it. */
export function reasonPath(roots: readonly ReasonNode[], id: string): ReasonNode[] {
  for (const node of roots) {
    if (node.id === id) return [node];
    // Full ids join the ids from the top with dots: only a node whose id prefixes `id` can hold it.
    if (id.startsWith(`${node.id}.`)) {
      const below = reasonPath(node.children, id);
      if (below.length > 0) return [node, ...below];
    }
  }
  return [];
}

/** The longest prefix of `trail` that still leads through the tree, each step a node with children. */
export function validTrail(roots: readonly ReasonNode[], trail: readonly string[]): string[] {
  const kept: string[] = [];
  let level = roots;
  for (const id of trail) {
    const node = level.find((n) => n.id === id);
    if (!node || node.children.length === 0) break;
    kept.push(id);
    level = node.children;
  }
  return kept;
}

/** The trail's nodes, from the top down (for breadcrumbs). */
export function trailNodes(roots: readonly ReasonNode[], trail: readonly string[]): ReasonNode[] {
  const nodes: ReasonNode[] = [];
  let level = roots;
  for (const id of validTrail(roots, trail)) {
    const node = level.find((n) => n.id === id) as ReasonNode;
    nodes.push(node);
    level = node.children;
  }
  return nodes;
}

/** The nodes shown at the trail's level: the top level for [], else the children of the trail's last node. */
export function levelNodes(roots: readonly ReasonNode[], trail: readonly string[]): readonly ReasonNode[] {
  const nodes = trailNodes(roots, trail);
  return nodes.length === 0 ? roots : (nodes[nodes.length - 1] as ReasonNode).children;
}

/**
 * Skips levels that offer no choice: while a level holds a single group that cannot be picked itself, go into it
 * (a machine offered only "unplanned.material.*" should not make its operator tap "Unplanned" first).
 */
export function openTrail(roots: readonly ReasonNode[], trail: readonly string[] = []): string[] {
  const result = validTrail(roots, trail);
  for (;;) {
    const level = levelNodes(roots, result);
    const only = level.length === 1 ? level[0] : undefined;
    if (!only || only.selectable || only.children.length === 0) return result;
    result.push(only.id);
  }
}

/** Where a picker opens for an already chosen reason: at the level that shows it among its siblings. */
export function trailFor(roots: readonly ReasonNode[], selectedId: string | null): string[] {
  if (selectedId === null) return openTrail(roots);
  const path = reasonPath(roots, selectedId);
  if (path.length === 0) return openTrail(roots);
  return openTrail(roots, path.slice(0, -1).map((n) => n.id));
}

/** What tapping a node does: open its level (a group), choose it (a leaf), or nothing (a leaf not offered). */
export function tapAction(node: ReasonNode): "open" | "choose" | "none" {
  if (node.children.length > 0) return "open";
  return node.selectable ? "choose" : "none";
}

/** The group whose level is shown, when it may be chosen itself (a coarser reason than any of its children). */
export function choosableGroup(roots: readonly ReasonNode[], trail: readonly string[]): ReasonNode | null {
  const nodes = trailNodes(roots, trail);
  const last = nodes[nodes.length - 1];
  return last?.selectable ? last : null;
}

/** Whether `id` is `ancestorId` or lies below it (full ids). */
export function isWithin(id: string, ancestorId: string): boolean {
  return id === ancestorId || id.startsWith(`${ancestorId}.`);
}

/**
 * The names from the top down to a reason: from the tree when it has the reason, else the server's path, else the
 * reason's own text (a reason no longer offered for this machine, or a PLC code's text).
 */
export function reasonNames(
  roots: readonly ReasonNode[],
  id: string | null,
  serverPath: readonly string[] = [],
  text: string | null = null,
): string[] {
  if (id !== null) {
    const path = reasonPath(roots, id);
    if (path.length > 0) return path.map((n) => n.name);
  }
  if (serverPath.length > 0) return [...serverPath];
  if (text !== null) return [text];
  return id !== null ? [id] : [];
}

/** "Unplanned › Equipment failure › Tooling". */
export function pathLabel(names: readonly string[], separator = " › "): string {
  return names.join(separator);
}
