import { test } from "node:test";
import assert from "node:assert/strict";
import type { ReasonNode } from "../src/api/types.ts";
import {
  choosableGroup,
  isWithin,
  levelNodes,
  openTrail,
  pathLabel,
  reasonNames,
  reasonPath,
  tapAction,
  trailFor,
  trailNodes,
  validTrail,
} from "../src/logic/reasonTree.ts";

const node = (id: string, name: string, selectable: boolean, children: ReasonNode[] = []): ReasonNode => ({ id, name, selectable, children });

// The demo plant's cnc-lathe offers unplanned.equipment (a selectable group), unplanned.material.starved and planned.
const lathe: ReasonNode[] = [
  node("unplanned", "Unplanned", false, [
    node("unplanned.equipment", "Equipment failure", true, [
      node("unplanned.equipment.spindle", "Spindle", true),
      node("unplanned.equipment.tooling", "Tooling", true),
    ]),
    node("unplanned.material", "Material", false, [node("unplanned.material.starved", "Starved", true)]),
  ]),
  node("planned", "Planned", true, [node("planned.changeover", "Changeover", true)]),
];

test("reasonPath_FullId_NodesFromTheTop", () => {
  assert.deepEqual(reasonPath(lathe, "unplanned.equipment.tooling").map((n) => n.name), ["Unplanned", "Equipment failure", "Tooling"]);
  assert.deepEqual(reasonPath(lathe, "planned").map((n) => n.id), ["planned"]);
  assert.deepEqual(reasonPath(lathe, "unplanned.quality"), []);
  // A prefix of a segment is not an ancestor.
  assert.deepEqual(reasonPath(lathe, "unplanned.equipmentx"), []);
});

test("levelNodes_Trail_ShowsTheChildrenOfItsLastNode", () => {
  assert.deepEqual(levelNodes(lathe, []).map((n) => n.id), ["unplanned", "planned"]);
  assert.deepEqual(levelNodes(lathe, ["unplanned"]).map((n) => n.id), ["unplanned.equipment", "unplanned.material"]);
  assert.deepEqual(levelNodes(lathe, ["unplanned", "unplanned.equipment"]).map((n) => n.name), ["Spindle", "Tooling"]);
  assert.deepEqual(trailNodes(lathe, ["unplanned", "unplanned.equipment"]).map((n) => n.name), ["Unplanned", "Equipment failure"]);
});

test("validTrail_StaleOrLeafSteps_CutAtTheFirstBadStep", () => {
  assert.deepEqual(validTrail(lathe, ["unplanned", "unplanned.gone", "x"]), ["unplanned"]);
  assert.deepEqual(validTrail(lathe, ["unplanned", "unplanned.equipment", "unplanned.equipment.tooling"]), ["unplanned", "unplanned.equipment"]);
  assert.deepEqual(validTrail(lathe, ["planned.changeover"]), []);
});

test("openTrail_SingleGroupLevels_AreSkipped", () => {
  const material: ReasonNode[] = [node("unplanned", "Unplanned", false, [node("unplanned.material", "Material", false, [node("unplanned.material.starved", "Starved", true), node("unplanned.material.blocked", "Blocked", true)])])];
  assert.deepEqual(openTrail(material), ["unplanned", "unplanned.material"]);
  // Two choices at the top, or a single node that may be picked itself: nothing skipped.
  assert.deepEqual(openTrail(lathe), []);
  assert.deepEqual(openTrail([node("planned", "Planned", true, [node("planned.break", "Break", true)])]), []);
  assert.deepEqual(openTrail([]), []);
});

test("trailFor_Selection_OpensAtItsSiblings", () => {
  assert.deepEqual(trailFor(lathe, "unplanned.equipment.tooling"), ["unplanned", "unplanned.equipment"]);
  assert.deepEqual(trailFor(lathe, "planned"), []);
  assert.deepEqual(trailFor(lathe, null), []);
  assert.deepEqual(trailFor(lathe, "not.in.tree"), []);
});

test("tapAction_GroupOpensLeafIsChosen", () => {
  assert.equal(tapAction(node("a", "A", false, [node("a.b", "B", true)])), "open");
  assert.equal(tapAction(node("a", "A", true, [node("a.b", "B", true)])), "open");
  assert.equal(tapAction(node("a", "A", true)), "choose");
  assert.equal(tapAction(node("a", "A", false)), "none");
});

test("choosableGroup_SelectableGroupLevel_MayBeChosenItself", () => {
  assert.equal(choosableGroup(lathe, ["unplanned", "unplanned.equipment"])?.id, "unplanned.equipment");
  assert.equal(choosableGroup(lathe, ["unplanned"]), null);
  assert.equal(choosableGroup(lathe, []), null);
});

test("reasonNames_TreeThenServerPathThenText", () => {
  assert.equal(pathLabel(reasonNames(lathe, "unplanned.equipment.spindle")), "Unplanned › Equipment failure › Spindle");
  assert.deepEqual(reasonNames(lathe, "unplanned.quality.scrap", ["Unplanned", "Quality", "Scrap"]), ["Unplanned", "Quality", "Scrap"]);
  assert.deepEqual(reasonNames(lathe, null, [], "Door opened by operator"), ["Door opened by operator"]);
  assert.deepEqual(reasonNames(lathe, "gone.reason"), ["gone.reason"]);
  assert.deepEqual(reasonNames(lathe, null), []);
});

test("isWithin_FullIds_BySegments", () => {
  assert.ok(isWithin("unplanned.material.starved", "unplanned.material"));
  assert.ok(isWithin("planned", "planned"));
  assert.ok(!isWithin("plannedx", "planned"));
});
