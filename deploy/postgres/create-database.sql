-- Creates the SmartShop role and database on a PostgreSQL 15+ server. Run as a superuser:
--   sudo -u postgres psql -v password="'change-me'" -f deploy/postgres/create-database.sql
-- SmartShop creates and upgrades its own tables at start-up (or with `smartshop db migrate`), so the role needs
-- to own the database; it needs no superuser rights.
CREATE ROLE smartshop LOGIN PASSWORD :password;
CREATE DATABASE smartshop OWNER smartshop ENCODING 'UTF8' TEMPLATE template0;

-- Random reads cost about as much as sequential ones on SSDs and when the data is cached. At PostgreSQL's default (4,
-- for spinning disks) the planner reads all units in a parallel scan to trace a lot of a few hundred units, where the
-- index walk is 5 times faster (tests/SmartShop.Trace.Bench/RESULTS.md, 2.3). Drop this line on spinning disks.
ALTER DATABASE smartshop SET random_page_cost = 1.1;
