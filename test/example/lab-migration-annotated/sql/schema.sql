-- Schema of the legacy MEGABUS-like laboratory database (source of the migrations).
-- PostgreSQL dialect. One database per laboratory.

CREATE TABLE prescripteurs (
  id              SERIAL PRIMARY KEY,
  nom             VARCHAR(80)  NOT NULL,
  prenom          VARCHAR(80)  NOT NULL,
  rpps            CHAR(11),
  adresse_cabinet VARCHAR(255),
  telephone       VARCHAR(20),
  actif           BOOLEAN      NOT NULL DEFAULT TRUE
);

CREATE TABLE patients (
  id              SERIAL PRIMARY KEY,
  nom             VARCHAR(80)  NOT NULL,
  prenom          VARCHAR(80)  NOT NULL,
  nom_naissance   VARCHAR(80),
  date_naissance  DATE         NOT NULL,
  sexe            CHAR(1)      NOT NULL CHECK (sexe IN ('F', 'M', 'I')),
  nir             CHAR(15),                -- numéro de sécurité sociale
  adresse         VARCHAR(255),
  telephone       VARCHAR(20),
  email           VARCHAR(120),
  derniere_visite DATE,
  commentaire_p   TEXT,                    -- free-text comment about the patient
  commentaire_d   TEXT                     -- free-text comment about the request (dossier)
);

CREATE TABLE analyses (
  id               SERIAL PRIMARY KEY,
  patient_id       INTEGER      NOT NULL REFERENCES patients (id),
  prescripteur_id  INTEGER      REFERENCES prescripteurs (id),
  code_examen      VARCHAR(16)  NOT NULL,
  date_prelevement DATE         NOT NULL,
  resultat         VARCHAR(64),
  unite            VARCHAR(16),
  statut           VARCHAR(12)  NOT NULL DEFAULT 'EN_COURS',
  commentaire_biologiste TEXT
);

-- Non-personal reference data: exam catalogue and fee schedule.
CREATE TABLE catalogue_examens (
  code         VARCHAR(16)  PRIMARY KEY,
  libelle      VARCHAR(160) NOT NULL,
  tube         VARCHAR(32),
  cotation_b   INTEGER,                    -- NABM coefficient
  tarif_eur    NUMERIC(8, 2)
);

CREATE INDEX idx_patients_derniere_visite ON patients (derniere_visite);
CREATE INDEX idx_analyses_patient ON analyses (patient_id);
