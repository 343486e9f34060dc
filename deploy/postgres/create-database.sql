-- Creates the SmartShop role and database on a PostgreSQL 15+ server. Run as a superuser:
--   sudo -u postgres psql -v password="'change-me'" -f deploy/postgres/create-database.sql
-- SmartShop creates and upgrades its own tables at start-up (or with `smartshop db migrate`), so the role needs
-- to own the database; it needs no superuser rights.
CREATE ROLE smartshop LOGIN PASSWORD :password;
CREATE DATABASE smartshop OWNER smartshop ENCODING 'UTF8' TEMPLATE template0;
