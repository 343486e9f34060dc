-- An order's progress is the sum of its units at its output machines (WorkOrderOutput), for one order on its page and
-- for a page of the order list at once. Without an index by order that sum read every interval of the output machines
-- since the oldest order's release, on every refresh of the list. Intervals without an order (idle, no job) are left
-- out of the index.
CREATE INDEX ix_oee_interval_order ON oee_interval (order_id, machine_id) WHERE order_id IS NOT NULL;
