"use strict";
// State vocabularies: PackML (ISA-TR88.00.02 / OPC 30050 state numbers), OPC 40001-1 MachineryItemState and
// MachineryOperationMode, ISA-95 job order states (OPC 10031-4), and how plc-sim maps its internal PackML state
// onto each of them and onto the MES's machine categories.

/** PackML state numbers as in OPC 30050 (StateNumber of each state object) and ISA-TR88 StateCurrent. */
const PackML = Object.freeze({
  Undefined: 0,
  Clearing: 1,
  Stopped: 2,
  Starting: 3,
  Idle: 4,
  Suspended: 5,
  Execute: 6,
  Stopping: 7,
  Aborting: 8,
  Aborted: 9,
  Holding: 10,
  Held: 11,
  Unholding: 12,
  Suspending: 13,
  Unsuspending: 14,
  Resetting: 15,
  Completing: 16,
  Complete: 17,
});

const packMLName = Object.freeze(Object.fromEntries(Object.entries(PackML).map(([k, v]) => [v, k])));

/** Where each PackML state lives in the OPC 30050 hierarchy: BaseStateMachine > MachineState > ExecuteState. */
function packMLLevels(state) {
  switch (state) {
    case PackML.Aborting:
    case PackML.Aborted:
      return { base: packMLName[state], machine: null, execute: null };
    case PackML.Clearing:
    case PackML.Stopped:
    case PackML.Stopping:
      return { base: "Cleared", machine: packMLName[state], execute: null };
    default:
      return { base: "Cleared", machine: "Running", execute: packMLName[state] };
  }
}

/** PackML unit modes (UnitModeCurrent): 1-3 are standard, the rest of the range is user-defined. */
const UnitMode = Object.freeze({ Production: 1, Maintenance: 2, Manual: 3 });
const unitModeName = Object.freeze({ 1: "Production", 2: "Maintenance", 3: "Manual" });

/** OPC 40001-1 MachineryItemState StateNumbers. */
const ItemState = Object.freeze({ NotAvailable: 0, OutOfService: 1, NotExecuting: 2, Executing: 3 });
const itemStateName = Object.freeze(Object.fromEntries(Object.entries(ItemState).map(([k, v]) => [v, k])));

/** OPC 40001-1 MachineryOperationMode StateNumbers. */
const OperationMode = Object.freeze({ None: 0, Maintenance: 1, Setup: 2, Processing: 3 });
const operationModeName = Object.freeze(Object.fromEntries(Object.entries(OperationMode).map(([k, v]) => [v, k])));

/** ISA-95 job order states (OPC 10031-4 ISA95JobOrderReceiverObjectType StateNumbers). */
const JobState = Object.freeze({ NotAllowedToStart: 1, AllowedToStart: 2, Running: 3, Interrupted: 4, Ended: 5, Aborted: 6 });
const jobStateName = Object.freeze(Object.fromEntries(Object.entries(JobState).map(([k, v]) => [v, k])));

/** The MES's machine categories (what a Custom state code stands for). */
const Category = Object.freeze({ Running: "Running", Idle: "Idle", Setup: "Setup", Down: "Down", PlannedDown: "PlannedDown" });

/**
 * The category a machine is in. Unit mode and changeover come first: a PackML state alone cannot say "setup" or
 * "planned", so a PLC with a plain status word derives them from its mode, as plc-sim does here.
 */
function categoryOf({ packml, unitMode, changeover }) {
  if (unitMode === UnitMode.Maintenance) return Category.PlannedDown;
  if (changeover) return Category.Setup;
  switch (packml) {
    case PackML.Execute:
    case PackML.Starting:
    case PackML.Unholding:
    case PackML.Unsuspending:
      return Category.Running;
    case PackML.Holding:
    case PackML.Held:
    case PackML.Suspending:
    case PackML.Suspended:
    case PackML.Aborting:
    case PackML.Aborted:
    case PackML.Clearing:
      return Category.Down;
    default:
      return Category.Idle;
  }
}

/**
 * MachineryItemState per OPC 40001-1: Executing while producing; OutOfService when not functional (fault, jam,
 * setup, maintenance); NotExecuting when functional but not producing (idle, starved, blocked, stopped).
 */
function itemStateOf({ packml, unitMode, changeover }) {
  if (unitMode === UnitMode.Maintenance || changeover) return ItemState.OutOfService;
  switch (packml) {
    case PackML.Execute:
    case PackML.Starting:
    case PackML.Unholding:
    case PackML.Unsuspending:
    case PackML.Completing:
      return ItemState.Executing;
    case PackML.Holding:
    case PackML.Held:
    case PackML.Aborting:
    case PackML.Aborted:
    case PackML.Clearing:
      return ItemState.OutOfService;
    case PackML.Undefined:
      return ItemState.NotAvailable;
    default:
      return ItemState.NotExecuting;
  }
}

function operationModeOf({ unitMode, changeover }) {
  if (unitMode === UnitMode.Maintenance) return OperationMode.Maintenance;
  if (changeover || unitMode === UnitMode.Manual) return OperationMode.Setup;
  return OperationMode.Processing;
}

module.exports = {
  PackML,
  packMLName,
  packMLLevels,
  UnitMode,
  unitModeName,
  ItemState,
  itemStateName,
  OperationMode,
  operationModeName,
  JobState,
  jobStateName,
  Category,
  categoryOf,
  itemStateOf,
  operationModeOf,
};
