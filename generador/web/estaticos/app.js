// Mejora progresiva: sin JavaScript el formulario funciona igual (guardar y revisar en el
// servidor). Con él: revisión en vivo junto a cada campo, listas que crecen y búsqueda
// de fundamentos en el catálogo.
(function () {
  "use strict";
  var formulario = document.getElementById("formulario");
  if (!formulario) { return; }
  var csrf = document.querySelector("meta[name=csrf]").content;

  // El lugar de un hallazgo: su campo o, si no está en la página, el más cercano hacia
  // arriba («resolutivos[2].variables.unidad» → «resolutivos[2].variables»).
  function masCercano(campo) {
    var ruta = campo;
    while (ruta) {
      var lugar = document.querySelector('.hallazgo[data-para="' + CSS.escape(ruta) + '"]');
      if (lugar) { return lugar; }
      var corte = Math.max(ruta.lastIndexOf("."), ruta.lastIndexOf("["));
      ruta = corte > 0 ? ruta.slice(0, corte) : "";
    }
    return null;
  }

  function mostrarHallazgos(hallazgos) {
    document.querySelectorAll(".hallazgo").forEach(function (d) { d.textContent = ""; d.className = "hallazgo"; });
    document.querySelectorAll(".con-error").forEach(function (d) { d.classList.remove("con-error"); });
    var lista = document.getElementById("lista-hallazgos");
    lista.textContent = "";
    if (!hallazgos.length) {
      var ok = document.createElement("li"); ok.className = "ok"; ok.textContent = "Sin hallazgos."; lista.appendChild(ok);
    }
    hallazgos.forEach(function (h) {
      var li = document.createElement("li");
      li.className = h.nivel;
      li.dataset.campo = h.campo || "";
      li.textContent = (h.codigo || "") + " " + (h.campo ? "«" + h.campo + "»: " : "") + h.mensaje;
      lista.appendChild(li);
      var junto = h.campo ? masCercano(h.campo) : null;
      if (junto) {
        junto.textContent = (junto.textContent ? junto.textContent + " · " : "") + h.mensaje;
        junto.classList.add(h.nivel);
        var contenedor = junto.closest(".campo");
        if (contenedor && h.nivel === "error") { contenedor.classList.add("con-error"); }
      }
    });
  }

  var pendiente = null;
  function revisar() {
    clearTimeout(pendiente);
    pendiente = setTimeout(function () {
      fetch(formulario.dataset.validar, { method: "POST", body: new FormData(formulario),
                                         headers: { "X-CSRF-Token": csrf } })
        .then(function (r) { return r.json(); })
        .then(function (datos) {
          if (datos.hallazgos) { mostrarHallazgos(datos.hallazgos); }
          else if (datos.error) { mostrarHallazgos([{ nivel: "error", codigo: "", mensaje: datos.error }]); }
        });
    }, 400);
  }
  formulario.addEventListener("input", revisar);
  formulario.addEventListener("change", revisar);

  // Listas que se repiten: «Añadir» copia la plantilla con el índice siguiente.
  document.querySelectorAll("fieldset.lista").forEach(function (lista) {
    var elementos = lista.querySelector(".elementos");
    lista.querySelector("button.anadir").addEventListener("click", function () {
      // El índice solo crece: después de «Quitar», un elemento nuevo nunca toma el
      // nombre de uno que sigue en la lista.
      var indice = Number(lista.dataset.siguiente || elementos.children.length);
      lista.dataset.siguiente = String(indice + 1);
      var numero = elementos.children.length + 1;
      var html = lista.querySelector("template").innerHTML.split("__i__").join(String(indice))
        .split("__n__").join(String(numero));
      var envoltura = document.createElement("div");
      envoltura.className = "elemento";
      envoltura.innerHTML = html + '<button type="button" class="quitar">Quitar</button>';
      elementos.appendChild(envoltura);
      revisar();
    });
    elementos.addEventListener("click", function (e) {
      if (e.target.classList.contains("quitar")) { e.target.parentNode.remove(); revisar(); }
    });
  });

  // Buscar fundamentos en el catálogo y añadir su id a la lista.
  formulario.addEventListener("input", function (e) {
    if (!e.target.classList.contains("buscar")) { return; }
    var entrada = e.target, resultados = entrada.nextElementSibling;
    var texto = entrada.value.trim();
    if (texto.length < 2) { resultados.textContent = ""; return; }
    fetch(formulario.dataset.catalogo + "?q=" + encodeURIComponent(texto))
      .then(function (r) { return r.json(); })
      .then(function (datos) {
        resultados.textContent = "";
        datos.resultados.forEach(function (r) {
          var li = document.createElement("li");
          var boton = document.createElement("button");
          boton.type = "button"; boton.textContent = "Añadir"; boton.dataset.id = r.id;
          boton.setAttribute("aria-label", "Añadir " + r.id);
          var cita = document.createElement("span"); cita.textContent = r.id + " — " + r.cita;
          var extracto = document.createElement("div"); extracto.className = "texto"; extracto.textContent = r.texto;
          li.appendChild(boton); li.appendChild(cita); li.appendChild(extracto);
          resultados.appendChild(li);
        });
      });
  });
  // Al elegir una cláusula, su campo «variables» recibe una línea por cada variable que
  // falta, y la ayuda dice qué escribir en cada una.
  formulario.addEventListener("change", function (e) {
    if (!e.target.classList.contains("clausula") || !e.target.value) { return; }
    var grupo = e.target.closest("fieldset");
    var area = grupo ? grupo.querySelector("textarea.variables") : null;
    if (!area) { return; }
    fetch(e.target.dataset.api.replace("__id__", encodeURIComponent(e.target.value)))
      .then(function (r) { return r.json(); })
      .then(function (datos) {
        var declaradas = (datos.variables || []).map(function (v) { return v.nombre; });
        area.value = area.value.split("\n").filter(function (l) {
          var nombre = l.split(":")[0].trim();
          return !nombre || declaradas.indexOf(nombre) >= 0;
        }).join("\n");
        var presentes = area.value.split("\n").map(function (l) { return l.split(":")[0].trim(); });
        var ayuda = [];
        (datos.variables || []).forEach(function (v) {
          if (presentes.indexOf(v.nombre) < 0 && v.obligatoria) {
            area.value = (area.value && !/\n$/.test(area.value) ? area.value + "\n" : area.value) + v.nombre + ": ";
          }
          ayuda.push(v.nombre + ": " + v.descripcion);
        });
        var nota = area.parentNode.querySelector(".ayuda-clausula");
        if (!nota) { nota = document.createElement("small"); nota.className = "ayuda ayuda-clausula"; area.after(nota); }
        nota.textContent = ayuda.join(" · ");
        revisar();
      });
  });

  formulario.addEventListener("click", function (e) {
    if (!e.target.dataset.id) { return; }
    var area = e.target.closest(".campo").querySelector("textarea.ids");
    var ids = area.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (ids.indexOf(e.target.dataset.id) < 0) { ids.push(e.target.dataset.id); }
    area.value = ids.join("\n");
    revisar();
  });
})();
