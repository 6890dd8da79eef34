"use strict";
/**
 * Shared Sequelize instance of the DXLAB migration tooling.
 * Points at the MySQL database of the legacy product installed at the lab.
 */
const { Sequelize } = require("sequelize");

const host = process.env.DXLAB_DB_HOST || "10.20.0.15";

// ruleid: hardcoded-credentials
const sequelize = new Sequelize("dxlab", "dxlab_admin", "Dxl@b2018", {
  host,
  port: 3306,
  dialect: "mysql",
  logging: process.env.SQL_LOG === "1" ? console.log : false,
  pool: { max: 5, min: 0, idle: 10000 },
  define: { underscored: true, freezeTableName: true },
  timezone: "+01:00",
});

// The reporting replica is configured properly, from the environment.
// ok: hardcoded-credentials
const replica = new Sequelize(process.env.REPLICA_DB_NAME, process.env.REPLICA_DB_USER, process.env.REPLICA_DB_PASSWORD, {
  host: process.env.REPLICA_DB_HOST,
  dialect: "mysql",
  logging: false,
});

async function assertConnection() {
  await sequelize.authenticate();
}

module.exports = { sequelize, replica, assertConnection };
