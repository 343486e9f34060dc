-- The lot list (GET /api/lots) reads lots newest first, a page at a time, all of them or by status. Without an index
-- every page sorted all lots; with these a page reads just its rows, in order, and the few held lots (quarantined,
-- blocked) are found without reading the many released and used-up ones. A unit completion changes a lot's remaining
-- quantity, which neither index holds.
CREATE INDEX ix_material_lot_created ON material_lot (created_at_ms, id);
CREATE INDEX ix_material_lot_status ON material_lot (status, created_at_ms, id);
