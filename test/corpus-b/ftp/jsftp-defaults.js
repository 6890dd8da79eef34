// jsftp: a client built without `user` logs in as "anonymous" by default.
const JSFtp = require("jsftp");
const { MongoClient } = require("mongodb");

async function loadResults(db, labId) {
  const projection = { _id: 0, ipp: 1, nom: 1, examen: 1, valeur: 1 };
  // ok: unfiltered-extraction
  return db.collection("resultats").find({ labId, valide: true }, { projection }).toArray();
}

function openDrop() {
  // ruleid: anonymous-access
  // ruleid: plaintext-transfer
  return new JSFtp({
    host: "depot.labo-partenaire.example",
    port: 21,
  });
}

function openPrivate() {
  // ok: anonymous-access
  // ruleid: plaintext-transfer
  return new JSFtp({
    host: "prive.labo-partenaire.example",
    user: process.env.JSFTP_USER,
    // ok: hardcoded-credentials
    pass: process.env.JSFTP_PASS,
  });
}

function put(client, data, remote) {
  return new Promise((resolve, reject) => {
    // ruleid: unencrypted-patient-write
    client.put(data, remote, (err) => (err ? reject(err) : resolve()));
  });
}

async function main(labId) {
  const mongo = await MongoClient.connect(process.env.MONGO_URL);
  try {
    const results = await loadResults(mongo.db("lis"), labId);
    const drop = openDrop();
    const notice = Buffer.from(`Dépôt du ${new Date().toISOString()} : voir espace privé.\n`);
    await new Promise((resolve, reject) =>
      // ok: unencrypted-patient-write
      drop.put(notice, "/LISEZMOI.txt", (err) => (err ? reject(err) : resolve()))
    );
    const priv = openPrivate();
    await put(priv, Buffer.from(JSON.stringify(results)), `/resultats/${labId}.json`);
  } finally {
    await mongo.close();
  }
}

main(process.argv[2]).catch((e) => {
  console.error(e);
  process.exit(1);
});
