CREATE SCHEMA reporting;
CREATE TABLE reporting.daily_revenue (day date PRIMARY KEY, total numeric);
CREATE TABLE reporting.monthly_revenue (month date PRIMARY KEY, total numeric);
CREATE SCHEMA "Legacy";
