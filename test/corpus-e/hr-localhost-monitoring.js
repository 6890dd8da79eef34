"use strict";
// Supervision du batch d'export RH : métriques vers le Pushgateway local,
// configuration lue dans l'agent Consul local. Aucune donnée de salarié ne sort d'ici.
const http = require("http");
const axios = require("axios");

// ok: plaintext-transfer
const PUSHGATEWAY = "http://127.0.0.1:9091/metrics/job/export-rh";
// ok: plaintext-transfer
const CONSUL_KV = "http://localhost:8500/v1/kv/export-rh/config";
// ok: plaintext-transfer
const DEV_UI = "http://[::1]:4000/";

async function readConfig() {
  const { data } = await axios.get(CONSUL_KV, { params: { raw: true }, timeout: 2000 });
  return data;
}

function pushMetrics(metrics) {
  const body = Object.entries(metrics)
    .map(([name, value]) => `export_rh_${name} ${value}`)
    .join("\n") + "\n";
  return new Promise((resolve, reject) => {
    const req = http.request(PUSHGATEWAY, { method: "PUT", headers: { "Content-Type": "text/plain" } }, (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.on("error", reject);
    // ok: unencrypted-patient-write
    req.write(body);
    req.end();
  });
}

async function main() {
  const started = Date.now();
  const config = await readConfig();
  console.log(`configuration chargée (${Object.keys(config).length} clés), interface sur ${DEV_UI}`);
  await pushMetrics({
    duration_seconds: (Date.now() - started) / 1000,
    last_success_timestamp_seconds: Math.floor(Date.now() / 1000),
    config_version: config.version || 0,
  });
}

main().catch((e) => {
  console.error("supervision indisponible", e.message);
});
