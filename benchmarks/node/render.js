// Referencia de benchmarks/rendimiento.py: docxtemplater renderiza la resolución ya redactada.
// Uso: node render.js PLANTILLA.docx CONTEXTO.json SALIDA.docx [VECES]
// Con VECES > 1 (en caliente), imprime los milisegundos por documento: leer la plantilla,
// renderizar y escribir el .docx, como hace el generador con cada documento.
"use strict";
const fs = require("fs");
const PizZip = require("pizzip");
const Docxtemplater = require("docxtemplater");

const [plantilla, contexto, salida, vecesTexto] = process.argv.slice(2);
const veces = Number(vecesTexto || 1);
const datos = JSON.parse(fs.readFileSync(contexto, "utf8"));

function uno() {
  const zip = new PizZip(fs.readFileSync(plantilla));
  const doc = new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true });
  doc.render(datos);
  fs.writeFileSync(salida, doc.getZip().generate({ type: "nodebuffer", compression: "DEFLATE" }));
}

uno();
if (veces > 1) {
  const inicio = process.hrtime.bigint();
  for (let i = 0; i < veces; i++) uno();
  const ms = Number(process.hrtime.bigint() - inicio) / 1e6 / veces;
  console.log(JSON.stringify({ ms_por_documento: ms }));
}
