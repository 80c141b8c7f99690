// Mejora progresiva: sin JavaScript el formulario funciona igual (los pasos son enlaces,
// guardar y revisar ocurren en el servidor). Con él: pasos sin recargar, revisión en vivo
// junto a cada campo y en el indicador de pasos, listas que crecen y se reordenan, búsqueda
// de fundamentos, campos de las variables de cada cláusula, aviso antes de perder cambios
// y un borrador en el navegador que sobrevive a una pestaña cerrada.
(function () {
  "use strict";
  // --- Caso nuevo: un error (la institución no se deduce del oficio, el nombre ya existe) se
  // dice junto al formulario, sin perder lo escrito ni salir a una página de error.
  var nuevo = document.querySelector("form.nuevo");
  if (nuevo) {
    nuevo.addEventListener("submit", function (e) {
      e.preventDefault();
      var aviso = document.getElementById("error-nuevo");
      fetch(nuevo.action, { method: "POST", body: new FormData(nuevo) }).then(function (r) {
        if (r.ok) { location.href = r.url; return null; }
        return r.text().then(function (html) {
          var pagina = new DOMParser().parseFromString(html, "text/html");
          var mensaje = pagina.querySelector(".aviso.error");
          var texto = mensaje ? mensaje.textContent : "No se pudo crear el caso (" + r.status + ").";
          var institucion = nuevo.elements.institucion, oficio = nuevo.elements.oficio.value.trim();
          var culpa = null;
          if (/^Institución desconocida/.test(texto) && institucion && !institucion.value) {
            texto = (oficio ? "El número de oficio «" + oficio + "» no sigue el formato de una sola institución"
                            : "No se dio número de oficio") + ": elija la institución en la lista.";
            culpa = institucion;
          } else if (/^Ya existe/.test(texto)) {
            culpa = nuevo.elements.nombre;
          }
          aviso.textContent = texto;
          aviso.hidden = false;
          (culpa || aviso).focus();
        });
      }).catch(function () { nuevo.submit(); });
    });
  }

  var formulario = document.getElementById("formulario");
  if (!formulario) { return; }
  var csrf = document.querySelector("meta[name=csrf]").content;
  var claveBorrador = "resoluciones:borrador:" + location.pathname;
  var mapaPasos = JSON.parse(formulario.dataset.pasos || "{}");
  var sucio = false, enviando = false;

  function todos(selector, raiz) { return Array.prototype.slice.call((raiz || document).querySelectorAll(selector)); }

  // --- Pasos --------------------------------------------------------------------------
  var previaCargada = false;
  function mostrarPaso(id, enfocar) {
    todos("section.paso").forEach(function (s) { s.hidden = id !== "todo" && s.dataset.paso !== id; });
    todos("nav.pasos a").forEach(function (a) {
      if (a.dataset.paso === id) { a.setAttribute("aria-current", "step"); } else { a.removeAttribute("aria-current"); }
    });
    formulario.elements.__paso__.value = id;
    var url = new URL(location.href);
    url.searchParams.set("paso", id);
    url.searchParams.delete("descargar");
    history.replaceState(null, "", url);
    if ((id === "revision" || id === "todo") && !previaCargada) {
      var marco = document.getElementById("previa");
      if (marco) { marco.src = marco.dataset.src; previaCargada = true; }
    }
    var titulo = document.getElementById("titulo-" + id);
    if (enfocar && titulo) { titulo.tabIndex = -1; titulo.focus(); }
  }
  todos("nav.pasos a").forEach(function (a) {
    a.addEventListener("click", function (e) { e.preventDefault(); mostrarPaso(a.dataset.paso, true); });
  });
  mostrarPaso(formulario.elements.__paso__.value, false);

  function pasoDe(campo) {
    if (!campo) { return "revision"; }
    return mapaPasos[campo.split(/[.\[]/)[0]] || "solicitud";
  }

  // --- Hallazgos ----------------------------------------------------------------------
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

  // Cómo ve la persona el campo de un hallazgo: los títulos de sus grupos y su etiqueta
  // («Solicitudes › Fecha»), no la ruta del archivo («solicitudes[1].fecha»), que es lo que la
  // lista decía. Si el campo no está en la página, la ruta (el hallazgo sigue diciendo algo).
  function etiquetaDe(campo) {
    var junto = masCercano(campo);
    if (!junto) { return campo; }
    var texto = function (el) {
      var t = el && el.firstChild ? el.firstChild.textContent : "";
      return (t || "").replace(/\s*\*\s*$/, "").trim();
    };
    var partes = [];
    var caja = junto.closest(".campo");
    if (caja) { var etiqueta = texto(caja.querySelector("label, legend")); if (etiqueta) { partes.unshift(etiqueta); } }
    var grupo = junto.closest("fieldset, details");
    while (grupo) {
      var titulo = texto(grupo.querySelector(":scope > legend, :scope > summary"));
      if (titulo && partes[0] !== titulo) { partes.unshift(titulo); }
      grupo = grupo.parentElement ? grupo.parentElement.closest("fieldset, details") : null;
    }
    return partes.length ? partes.join(" › ") : campo;
  }

  // El control de un campo por su ruta («resolutivos[2].variables.unidad»): se busca por el
  // lugar que ocupa en la página, porque tras reordenar una lista los nombres del formulario
  // conservan el número con el que llegaron (el servidor aplica el orden al guardar).
  function controlDe(ruta) {
    var caja = document.querySelector('.campo[data-campo="' + CSS.escape(ruta) + '"]');
    return caja ? caja.querySelector("input:not([type=hidden]), textarea, select") : null;
  }

  // Lo plegado (un grupo opcional que el caso no usaba) se abre cuando hay que ir a él.
  function abrir(nodo) {
    for (var d = nodo && nodo.closest("details"); d; d = d.parentNode.closest("details")) { d.open = true; }
  }

  function botonIr(li) {
    var campo = li.dataset.campo;
    if (!campo) { return; }
    var ir = document.createElement("button");
    ir.type = "button"; ir.className = "ir"; ir.textContent = "Ir al campo";
    ir.setAttribute("aria-label", "Ir al campo «" + campo + "»");
    ir.addEventListener("click", function () {
      mostrarPaso(pasoDe(campo), false);
      var junto = masCercano(campo);
      abrir(junto);
      var destino = junto && junto.parentNode.querySelector("input:not([type=hidden]), textarea, select");
      if (destino) { destino.focus(); } else if (junto) { junto.scrollIntoView(); }
    });
    li.appendChild(document.createTextNode(" "));
    li.appendChild(ir);
  }
  todos("#lista-hallazgos li").forEach(botonIr);

  // Un hallazgo que dice el valor correcto («vencimiento: 2031-11-20») lleva un botón que
  // lo pone en su campo.
  function botonArreglo(h) {
    // «ningún resolutivo lo ordena («resolutivo.entrega_prueba_de_dano»)»: un botón lo añade.
    var falta = h.campo === "resolutivos" && /\(«(resolutivo\.[a-z_]+)»\)\s*$/.exec(h.mensaje || "");
    if (falta) { return botonResolutivo(falta[1]); }
    var m = /«([a-z_]+): ([^»\n]+)»/.exec(h.mensaje || "");
    if (!m || !h.campo) { return null; }
    var ruta = h.campo.split(".").pop() === m[1] ? h.campo : h.campo + "." + m[1];
    var campo = controlDe(ruta);
    if (!campo) { return null; }
    var boton = document.createElement("button");
    boton.type = "button"; boton.className = "arreglo"; boton.textContent = "Usar " + m[1] + ": " + m[2];
    boton.addEventListener("click", function () {
      mostrarPaso(pasoDe(h.campo), false);
      abrir(campo);
      campo.value = m[2];
      campo.dispatchEvent(new Event("input", { bubbles: true }));
      campo.focus();
    });
    return boton;
  }

  function botonResolutivo(clausula) {
    var lista = formulario.querySelector('fieldset.lista[data-nombre="resolutivos"]');
    if (!lista) { return null; }
    var boton = document.createElement("button");
    boton.type = "button"; boton.className = "arreglo"; boton.textContent = "Añadir el resolutivo «" + clausula + "»";
    boton.addEventListener("click", function () {
      mostrarPaso("resolutivos", false);
      lista.querySelector(":scope > button.anadir").click();
      var elementos = lista.querySelector(".elementos"), nuevo = elementos.lastElementChild;
      var antes = nuevo.previousElementSibling;
      var suya = antes && antes.querySelector("select.clausula");
      if (suya && suya.value === "resolutivo.notificacion") {  // la notificación va al final
        elementos.insertBefore(nuevo, antes);
        renumerar(lista);
      }
      var selector = nuevo.querySelector("select.clausula");
      selector.dataset.anterior = "";
      selector.value = clausula;
      selector.dispatchEvent(new Event("change", { bubbles: true }));
      selector.focus();
    });
    return boton;
  }

  function contarPorPaso(hallazgos) {
    // «Revisión y descarga» lista todos los hallazgos: cuenta todos (decía «sin hallazgos»
    // junto a la lista de sus errores).
    var cuentas = { revision: { error: 0, advertencia: 0 } };
    hallazgos.forEach(function (h) {
      var p = pasoDe(h.campo);
      var nivel = h.nivel === "error" ? "error" : "advertencia";
      cuentas[p] = cuentas[p] || { error: 0, advertencia: 0 };
      cuentas[p][nivel] += 1;
      if (p !== "revision") { cuentas.revision[nivel] += 1; }
    });
    todos("nav.pasos a[data-paso]").forEach(function (a) {
      var span = a.querySelector(".cuenta");
      if (!span) { return; }
      var c = cuentas[a.dataset.paso] || { error: 0, advertencia: 0 };
      span.className = "cuenta" + (c.error ? " error" : c.advertencia ? " advertencia" : "");
      span.textContent = c.error ? c.error + (c.error === 1 ? " error" : " errores")
        : c.advertencia ? c.advertencia + (c.advertencia === 1 ? " aviso" : " avisos") : "sin hallazgos";
    });
  }

  function mostrarHallazgos(hallazgos) {
    todos(".hallazgo").forEach(function (d) { d.textContent = ""; d.className = "hallazgo"; });
    todos(".con-error").forEach(function (d) { d.classList.remove("con-error"); });
    var lista = document.getElementById("lista-hallazgos");
    lista.textContent = "";
    if (!hallazgos.length) {
      var ok = document.createElement("li"); ok.className = "ok"; ok.textContent = "Sin hallazgos."; lista.appendChild(ok);
    }
    hallazgos.forEach(function (h) {
      var li = document.createElement("li");
      li.className = h.nivel;
      li.dataset.campo = h.campo || "";
      var codigo = document.createElement("b"); codigo.textContent = h.codigo || "";
      li.appendChild(codigo);
      li.appendChild(document.createTextNode(" " + (h.campo ? "«" + etiquetaDe(h.campo) + "»: " : "") + h.mensaje));
      if (h.lineamiento) {
        var norma = document.createElement("small"); norma.textContent = " (Lineamiento " + h.lineamiento + ")";
        li.appendChild(norma);
      }
      botonIr(li);
      var arreglo = botonArreglo(h);
      if (arreglo) { li.appendChild(document.createTextNode(" ")); li.appendChild(arreglo); }
      lista.appendChild(li);
      var junto = h.campo ? masCercano(h.campo) : null;
      if (junto) {
        junto.appendChild(document.createTextNode((junto.textContent ? " · " : "") + h.mensaje));
        var alLado = botonArreglo(h);
        if (alLado) { junto.appendChild(document.createTextNode(" ")); junto.appendChild(alLado); }
        junto.classList.add(h.nivel);
        var contenedor = junto.closest(".campo");
        if (contenedor && h.nivel === "error") { contenedor.classList.add("con-error"); abrir(junto); }
      }
    });
    contarPorPaso(hallazgos);
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

  // --- Cambios sin guardar y borrador -------------------------------------------------
  function entradas() {
    var lista = [];
    new FormData(formulario).forEach(function (valor, nombre) {
      if (nombre !== "csrf" && nombre !== "__despues__" && nombre !== "__cambiados__") { lista.push([nombre, valor]); }
    });
    return lista;
  }
  var inicial = JSON.stringify(entradas());
  var guardarBorrador = null;
  function marcarCambio() {
    var ahora = entradas();
    sucio = JSON.stringify(ahora) !== inicial;
    var estado = document.getElementById("estado-cambios");
    if (estado) { estado.textContent = sucio ? "Cambios sin guardar" : ""; }
    clearTimeout(guardarBorrador);
    guardarBorrador = setTimeout(function () {
      try {
        if (sucio) {
          localStorage.setItem(claveBorrador, JSON.stringify({ huella: formulario.dataset.huella,
                                                                hora: new Date().toISOString(), entradas: ahora }));
        } else { localStorage.removeItem(claveBorrador); }
      } catch (e) { /* sin espacio o sin permiso: solo no hay borrador */ }
    }, 500);
  }
  function cambio(e) {
    if (e.target.classList.contains("buscar") || e.target.classList.contains("causal")) { return; }
    revisar();
    marcarCambio();
  }
  revisar();  // al abrir: los hallazgos con sus botones («Ir al campo», el arreglo si lo hay)
  formulario.addEventListener("input", cambio);
  formulario.addEventListener("change", cambio);
  // Enter en un campo de una línea guarda y se queda en el paso: sin esto, el botón por omisión
  // del formulario era el primero del documento («Guardar y seguir» del paso 1, oculto).
  formulario.addEventListener("keydown", function (e) {
    var campo = e.target;
    if (e.key !== "Enter" || e.isComposing || campo.tagName !== "INPUT" ||
        ["button", "submit", "checkbox", "radio", "file"].indexOf(campo.type) >= 0 ||
        campo.classList.contains("buscar")) { return; }
    e.preventDefault();
    formulario.querySelector(".botones button[type=submit]").click();
  });
  formulario.addEventListener("submit", function (e) {
    var estado = document.getElementById("estado-comite");
    if (estado && sucio && !enviando && ["aprobada", "firmada"].indexOf(estado.dataset.estado) >= 0 &&
        !window.confirm("Este caso está " + (estado.dataset.estado === "firmada" ? "firmado" : "aprobado") +
                        ". Si guarda el cambio, vuelve a revisión" +
                        (estado.dataset.estado === "firmada" ? " y el PDF firmado deja de valer" : "") +
                        ". ¿Guardarlo de todos modos?")) {
      e.preventDefault();
      return;
    }
    enviando = true;
    // El borrador no se borra al enviar: si el guardado no llega (la sesión caducó, se cayó la
    // red), lo escrito sigue en este navegador. Se escribe ya, con lo que se envía (un cambio
    // pendiente de 500 ms lo escribiría después y haría aparecer el aviso tras guardar), y
    // se olvida cuando la página que sigue dice que quedó guardado.
    clearTimeout(guardarBorrador);
    // Qué campos cambió esta persona y qué decían al abrir la página: si otra guardó mientras
    // tanto, el servidor junta los cambios de las dos campo por campo (web/fusion.py). Con
    // elementos añadidos, quitados o movidos, o un campo de varios valores, no se junta («*»).
    var ahora = entradas(), antes = JSON.parse(inicial), lista = [];
    var nombres = function (l) { return l.map(function (p) { return p[0]; }).join("\n"); };
    // Los campos internos de la página (la huella, el paso) no son datos del caso.
    var deDatos = function (l) { return l.filter(function (p) { return p[0].indexOf("__") !== 0; }); };
    ahora = deDatos(ahora); antes = deDatos(antes);
    var repetidos = {};
    ahora.forEach(function (p) { repetidos[p[0]] = (repetidos[p[0]] || 0) + 1; });
    if (nombres(ahora) !== nombres(antes)) { lista = "*"; }
    else {
      ahora.forEach(function (p, i) {
        if (lista !== "*" && p[1] !== antes[i][1]) { lista = repetidos[p[0]] > 1 ? "*" : lista.concat([[p[0], antes[i][1]]]); }
      });
    }
    formulario.elements.__cambiados__.value = lista === "*" ? "*" : JSON.stringify(lista);
    try {
      if (sucio) {
        localStorage.setItem(claveBorrador, JSON.stringify({ huella: formulario.dataset.huella, enviado: true,
                                                              hora: new Date().toISOString(), entradas: entradas() }));
      }
    } catch (e) { /* sin espacio o sin permiso: solo no hay borrador */ }
  });
  window.addEventListener("beforeunload", function (e) {
    if (sucio && !enviando) { e.preventDefault(); e.returnValue = ""; }
  });

  // Descargar con cambios sin guardar: se guarda primero, y lo descargado es lo que se ve.
  todos("a.descarga").forEach(function (a) {
    a.addEventListener("click", function (e) {
      if (!sucio) { return; }
      e.preventDefault();
      if (window.confirm("Tiene cambios sin guardar. ¿Guardarlos y descargar el documento con ellos? " +
                         "(Cancelar: no se descarga nada.)")) {
        formulario.elements.__despues__.value = a.dataset.formato;
        formulario.requestSubmit();
      }
    });
  });
  if (formulario.dataset.descargar) {
    var enlace = document.getElementById("descargar-" + formulario.dataset.descargar);
    if (enlace) { location.href = enlace.href; }
  }

  (function ofrecerBorrador() {
    var guardado = null;
    try { guardado = JSON.parse(localStorage.getItem(claveBorrador) || "null"); } catch (e) { guardado = null; }
    var aviso = document.getElementById("borrador");
    // Una página de «No se guardó» ya muestra lo que se escribió: ofrecer además el borrador eran
    // dos instrucciones para lo mismo. El borrador sigue guardado hasta que se guarde.
    if (!guardado || !aviso || formulario.dataset.conflicto) { return; }
    if (JSON.stringify(guardado.entradas) === inicial || (guardado.enviado && formulario.dataset.guardado)) {
      localStorage.removeItem(claveBorrador); return;
    }
    aviso.querySelector("p").textContent = "Hay cambios de este caso que no se guardaron (" +
      new Date(guardado.hora).toLocaleString("es-MX") + ")." + (guardado.huella !== formulario.dataset.huella
        ? " El archivo cambió desde entonces: si los recupera, verá en qué difieren antes de decidir." : "");
    aviso.hidden = false;
    aviso.querySelector(".descartar").addEventListener("click", function () {
      localStorage.removeItem(claveBorrador); aviso.hidden = true;
    });
    aviso.querySelector(".recuperar").addEventListener("click", function () {
      // Se envía tal cual lo que la página tenía, con la versión del archivo que vio: si el
      // archivo cambió, la página de conflicto muestra lo recuperado sin pisar nada.
      var envio = document.createElement("form");
      envio.method = "post"; envio.action = location.pathname; envio.hidden = true;
      guardado.entradas.concat([["csrf", csrf]]).forEach(function (par) {
        var campo = document.createElement("textarea"); campo.name = par[0]; campo.value = par[1];
        envio.appendChild(campo);
      });
      document.body.appendChild(envio);
      localStorage.removeItem(claveBorrador);
      enviando = true;
      envio.submit();
    });
  })();

  // --- Listas: añadir, quitar y reordenar (con el teclado: los botones) ----------------
  // Tras subir, bajar o quitar, cada elemento toma la ruta de su nuevo lugar
  // («resolutivos[3]» → «resolutivos[1]») en todo lo que lleva dentro: los hallazgos en vivo,
  // que el servidor da con el orden nuevo, caen junto al elemento que se movió.
  function cambiarRuta(elemento, nueva) {
    var vieja = elemento.dataset.ruta;
    if (!vieja || vieja === nueva) { return; }
    [elemento].concat(todos("[data-para], [data-campo], [data-ruta]", elemento)).forEach(function (n) {
      ["para", "campo", "ruta"].forEach(function (k) {
        var v = n.dataset[k];
        if (v !== undefined && (v === vieja || v.indexOf(vieja + ".") === 0 || v.indexOf(vieja + "[") === 0)) {
          n.dataset[k] = nueva + v.slice(vieja.length);
        }
      });
    });
  }
  function renumerar(lista) {
    var elementos = todos(":scope > .elementos > .elemento", lista);
    lista.querySelector(":scope > input.orden").value = elementos.map(function (e) { return e.dataset.indice; }).join(",");
    elementos.forEach(function (e, i) { cambiarRuta(e, lista.dataset.campo + "[" + (i + 1) + "]"); });
    elementos.forEach(function (e, i) {
      var leyenda = e.querySelector(":scope > fieldset > legend");
      if (leyenda && /^\d+$/.test(leyenda.textContent.trim())) { leyenda.textContent = String(i + 1); }
    });
  }
  todos("fieldset.lista").forEach(function (lista) {
    todos(":scope > .elementos > .elemento", lista).forEach(function (e, i) {
      e.dataset.ruta = lista.dataset.campo + "[" + (i + 1) + "]";
    });
  });
  todos("fieldset.lista").forEach(function (lista) {
    var elementos = lista.querySelector(".elementos");
    var plantillaMover = elementos.querySelector(".mover");
    lista.querySelector(":scope > button.anadir").addEventListener("click", function () {
      // El índice solo crece: después de «Quitar», un elemento nuevo nunca toma el
      // nombre de uno que sigue en la lista.
      var indice = Number(lista.dataset.siguiente || elementos.children.length);
      lista.dataset.siguiente = String(indice + 1);
      var numero = elementos.children.length + 1;
      var html = lista.querySelector(":scope > template").innerHTML.split("__i__").join(String(indice))
        .split("__n__").join(String(numero));
      var envoltura = document.createElement("div");
      envoltura.className = "elemento";
      envoltura.dataset.indice = String(indice);
      envoltura.dataset.ruta = lista.dataset.campo + "[" + numero + "]";
      envoltura.innerHTML = html;
      copiarDelAnterior(lista, envoltura, indice);
      var mover = plantillaMover ? plantillaMover.cloneNode(true) : null;
      if (!mover) {
        mover = document.createElement("div"); mover.className = "mover";
        ["subir:Subir", "bajar:Bajar", "quitar:Quitar"].forEach(function (d) {
          var b = document.createElement("button"); b.type = "button";
          b.className = d.split(":")[0]; b.textContent = d.split(":")[1]; mover.appendChild(b);
        });
      }
      envoltura.appendChild(mover);
      elementos.appendChild(envoltura);
      renumerar(lista);
      var primero = envoltura.querySelector("input:not([type=hidden]), textarea, select");
      if (primero) { primero.focus(); }
      revisar(); marcarCambio();
    });
    elementos.addEventListener("click", function (e) {
      var boton = e.target.closest("button");
      if (!boton || boton.closest(".elementos") !== elementos || !boton.parentNode.classList.contains("mover")) { return; }
      var elemento = boton.closest(".elemento");
      if (boton.classList.contains("quitar")) {
        elemento.remove();
      } else if (boton.classList.contains("subir") && elemento.previousElementSibling) {
        elementos.insertBefore(elemento, elemento.previousElementSibling);
      } else if (boton.classList.contains("bajar") && elemento.nextElementSibling) {
        elementos.insertBefore(elemento.nextElementSibling, elemento);
      } else { return; }
      if (boton.isConnected) { boton.focus(); }
      renumerar(lista);
      revisar(); marcarCambio();
    });
  });

  // Una respuesta nueva suele llegar por el mismo medio que la anterior: se propone ese medio
  // (a la vista, para cambiarlo).
  function copiarDelAnterior(lista, envoltura, indice) {
    if (lista.dataset.nombre !== "respuestas") { return; }
    var anteriores = todos(":scope > .elementos > .elemento", lista);
    var ultimo = anteriores[anteriores.length - 1];
    var medio = ultimo && ultimo.querySelector('[name$=".medio"]:not([type=hidden])');
    var nuevo = envoltura.querySelector('[name="respuestas.' + indice + '.medio"]');
    if (medio && medio.value && nuevo && !nuevo.value) { nuevo.value = medio.value; }
  }

  // --- Lo que se deduce de lo escrito -------------------------------------------------
  function nota(caja, texto) {
    if (!caja) { return; }
    var p = caja.querySelector(":scope > .nota") || document.createElement("p");
    p.className = "nota"; p.setAttribute("role", "status"); p.textContent = texto;
    if (!p.parentNode) { caja.appendChild(p); }
  }
  // Un texto citado que se pega con «...» al final (o «(…)» al principio), como se ve en el
  // original: los puntos se quitan del texto y se marca su casilla, que los imprime junto a
  // las comillas de la cita. Es lo mismo que marcar la casilla a mano (la ayuda del campo lo
  // dice; sin una nota que aparezca, porque moverían el botón que se está por pulsar).
  var OMISIONES = [["omision_final", /\s*(\(\s*)?(\.\.\.|…)(\s*\))?\s*$/],
                   ["omision_inicial", /^\s*(\(\s*)?(\.\.\.|…)(\s*\))?\s*/]];
  function omisiones(campo) {
    var m = /^((solicitudes|respuestas)\.\d+)\.texto$/.exec(campo.name || "");
    var hubo = false;
    if (!m) { return hubo; }
    OMISIONES.forEach(function (o) {
      var casilla = formulario.querySelector('input[type=checkbox][name="' + m[1] + "." + o[0] + '"]');
      if (!casilla || !o[1].test(campo.value) || !campo.value.replace(o[1], "").trim()) { return; }
      campo.value = campo.value.replace(o[1], "");
      casilla.checked = true;
      hubo = true;
    });
    return hubo;
  }
  // La respuesta que pone la información a disposición «previo pago de … reproducción de
  // 145 fojas» da la unidad y las fojas de la reproducción (que añade su resolutivo).
  function reproduccion(campo) {
    var m = /^(respuestas\.\d+)\.texto$/.exec(campo.name || "");
    var fojas = formulario.elements["reproduccion.fojas"], unidad = formulario.elements["reproduccion.unidad"];
    if (!m || !fojas || fojas.value) { return false; }
    var f = /reproducci[oó]n[^.;]{0,120}?\b(\d{1,6})\s+fojas/i.exec(campo.value);
    var de = formulario.elements[m[1] + ".unidad"];
    if (!f) { return false; }
    abrir(fojas);
    fojas.value = f[1];
    if (unidad && !unidad.value && de && de.value) { unidad.value = de.value; }
    nota(fojas.closest("fieldset"), "Propuesto a partir de la respuesta" + (de && de.value ? " de " + de.value : "") +
      ", que ofrece la reproducción de " + f[1] + " fojas. Si no se pone a disposición, borre las fojas.");
    return true;
  }
  formulario.addEventListener("change", function (e) {
    if (e.target.tagName !== "TEXTAREA") { return; }
    var hubo = omisiones(e.target);
    if (reproduccion(e.target) || hubo) { revisar(); marcarCambio(); }
  });
  formulario.addEventListener("submit", function () {
    todos('textarea[name$=".texto"]', formulario).forEach(omisiones);
  });

  // --- Fundamentos: búsqueda en el catálogo -------------------------------------------
  function anadirId(area, id) {
    var ids = area.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
    if (ids.indexOf(id) < 0) { ids.push(id); }
    area.value = ids.join("\n");
  }
  formulario.addEventListener("input", function (e) {
    if (!e.target.classList.contains("buscar")) { return; }
    var entrada = e.target, resultados = entrada.nextElementSibling;
    // El servidor lee los primeros 200 caracteres; una dirección más larga (un párrafo pegado)
    // la rechazaba antes gunicorn, con un error en inglés que no es JSON.
    var texto = entrada.value.trim().slice(0, 200);
    if (texto.length < 2) { resultados.textContent = ""; return; }
    fetch(formulario.dataset.catalogo + "?q=" + encodeURIComponent(texto))
      .then(function (r) {
        if (!r.ok) { throw new Error("respuesta " + r.status); }
        return r.json();
      })
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
        if (!datos.resultados.length) {
          var nada = document.createElement("li"); nada.textContent = "Ningún fundamento del catálogo coincide.";
          resultados.appendChild(nada);
        }
      })
      .catch(function () {
        resultados.textContent = "";
        var falla = document.createElement("li");
        falla.textContent = "No se pudo buscar en el catálogo; intente de nuevo con menos palabras.";
        resultados.appendChild(falla);
      });
  });
  formulario.addEventListener("click", function (e) {
    if (!e.target.dataset.id) { return; }
    var destino = e.target.dataset.destino;
    var area = destino ? formulario.elements[destino] : e.target.closest(".campo").querySelector("textarea.ids");
    if (!area) { return; }
    anadirId(area, e.target.dataset.id);
    if (destino) {
      // Un supuesto de la causal («lgcd.17.IV») ocupa el lugar del numeral sin fracción
      // («lgcd.17») que el caso nuevo trae para que se elija.
      var padre = e.target.dataset.id.replace(/\.[^.]+$/, "");
      area.value = area.value.split("\n").filter(function (l) { return l.trim() !== padre; }).join("\n");
    }
    e.target.disabled = true;
    revisar(); marcarCambio();
  });

  // --- Cláusulas: sus variables, cada una con su campo --------------------------------
  function valoresDe(contenedor) {
    var valores = {};
    if (!contenedor) { return valores; }
    todos("[name]", contenedor).forEach(function (campo) {
      if (campo.name.indexOf("__clase__.") === 0) { return; }
      if (campo.classList.contains("otras") || campo.classList.contains("variables")) {
        campo.value.split("\n").forEach(function (linea) {
          var m = /^([a-z_][a-z0-9_]*):\s*(.*)$/.exec(linea);
          if (m && m[2]) { valores[m[1]] = m[2].replace(/^\[(.*)\]$/, "$1").split(/,\s*/).join("\n"); }
        });
      } else if (campo.value) {
        valores[campo.name.split(".").pop()] = campo.value;
      }
    });
    return valores;
  }
  // La cláusula de antes, para volver a ella si la persona no quiere perder valores.
  todos("select.clausula").forEach(function (s) { s.dataset.anterior = s.value; });
  formulario.addEventListener("focusin", function (e) {
    if (e.target.classList.contains("clausula") && !("anterior" in e.target.dataset)) {
      e.target.dataset.anterior = e.target.value;
    }
  });
  formulario.addEventListener("change", function (e) {
    var selector = e.target;
    if (!selector.classList.contains("clausula") || !selector.value) { return; }
    var grupo = selector.closest("fieldset");
    var base = selector.name.replace(/clausula$/, "variables");
    var viejo = grupo.querySelector('fieldset.variables[data-nombre="' + CSS.escape(base) + '"]');
    if (!viejo) {
      var area = formulario.elements[base];
      viejo = area && area.closest ? area.closest(".campo") : null;
    }
    var campo = selector.closest(".campo").dataset.campo.replace(/clausula$/, "variables");
    var url = formulario.dataset.variables + "?clausula=" + encodeURIComponent(selector.value) +
      "&base=" + encodeURIComponent(base) + "&campo=" + encodeURIComponent(campo);
    fetch(url).then(function (r) { return r.ok ? r.text() : Promise.reject(r.status); }).then(function (html) {
      var envoltura = document.createElement("div");
      envoltura.innerHTML = html;
      var nuevo = envoltura.querySelector("fieldset.variables");
      var valores = valoresDe(viejo);
      var usadas = {};
      todos("[name]", nuevo).forEach(function (c) {
        var nombre = c.name.split(".").pop();
        if (c.name.indexOf("__clase__.") === 0 || !(nombre in valores)) { return; }
        c.value = valores[nombre];
        usadas[nombre] = true;
      });
      var sobran = Object.keys(valores).filter(function (n) { return !usadas[n]; });
      if (sobran.length && !window.confirm("La cláusula «" + selector.value + "» no usa: " + sobran.join(", ") +
          ". Si la cambia, esos valores se quitan. ¿Cambiar de cláusula?")) {
        selector.value = selector.dataset.anterior || "";
        return;
      }
      selector.dataset.anterior = selector.value;
      if (viejo) { viejo.replaceWith(nuevo); } else { selector.closest(".campo").after(nuevo); }
      revisar(); marcarCambio();
    }).catch(function () { /* cláusula desconocida: la revisión lo dirá */ });
  });

  // --- Causal de reserva: propone la fracción, el numeral y la prueba de daño ----------
  formulario.addEventListener("change", function (e) {
    if (!e.target.classList.contains("causal") || !e.target.value) { return; }
    var grupo = e.target.closest("fieldset");
    var propuesta = e.target.parentNode.querySelector(".propuesta");
    var prefijo = e.target.id.replace(/^causal-/, "");
    var fecha = formulario.elements.fecha ? formulario.elements.fecha.value : "";
    fetch(e.target.dataset.api.replace("__id__", encodeURIComponent(e.target.value)) + "?fecha=" + encodeURIComponent(fecha))
      .then(function (r) { return r.json(); })
      .then(function (datos) {
        var fundamentos = formulario.elements[prefijo + ".fundamentos"];
        propuesta.textContent = "";
        if (datos.fraccion && fundamentos) {
          var antes = fundamentos.value.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
          var quitados = antes.filter(function (id) {
            return datos.ajenos.some(function (a) { return id === a || id.indexOf(a + ".") === 0; });
          });
          fundamentos.value = antes.filter(function (id) { return quitados.indexOf(id) < 0; }).join("\n");
          anadirId(fundamentos, datos.fraccion);
          var hecho = document.createElement("p");
          hecho.textContent = "Se añadió a los fundamentos «" + datos.fraccion + "», la fracción vigente en la fecha de " +
            "la resolución." + (quitados.length ? " Se quitó lo que era de otra causal o de otra ley: «" +
            quitados.join("», «") + "»." : "");
          propuesta.appendChild(hecho);
        }
        var opciones = datos.elementos.length ? datos.elementos : datos.lineamientos.map(function (n) {
          return { fundamento: n, descripcion: "Numeral de los Lineamientos que desarrolla la causal." };
        });
        if (opciones.length) {
          var indicacion = document.createElement("p");
          indicacion.textContent = "Elija el supuesto que se acredita (añade su numeral de los Lineamientos):";
          propuesta.appendChild(indicacion);
          var lista = document.createElement("ul"); lista.className = "resultados";
          opciones.forEach(function (o) {
            var li = document.createElement("li");
            var boton = document.createElement("button");
            boton.type = "button"; boton.textContent = "Añadir " + o.fundamento;
            boton.dataset.id = o.fundamento; boton.dataset.destino = prefijo + ".fundamentos";
            var texto = document.createElement("div"); texto.className = "texto"; texto.textContent = o.descripcion;
            li.appendChild(boton); li.appendChild(texto); lista.appendChild(li);
          });
          propuesta.appendChild(lista);
        }
        var prueba = formulario.elements[prefijo + ".prueba_de_dano.clausula"];
        var senalada = formulario.elements[prefijo + ".prueba_de_dano.senalada_por"];
        if (datos.clausula && prueba && prueba.value !== datos.clausula) {
          if (!prueba.value && !(senalada && senalada.value)) {
            prueba.dataset.anterior = "";
            prueba.value = datos.clausula;
            prueba.dispatchEvent(new Event("change", { bubbles: true }));
          } else {
            var usar = document.createElement("button");
            usar.type = "button"; usar.textContent = "Usar la prueba de daño de la causal (" + datos.clausula + ")";
            usar.addEventListener("click", function () {
              if (senalada) { senalada.value = ""; }
              prueba.dataset.anterior = prueba.value;
              prueba.value = datos.clausula;
              prueba.dispatchEvent(new Event("change", { bubbles: true }));
            });
            propuesta.appendChild(usar);
          }
        }
        revisar(); marcarCambio();
      });
  });

  // --- Unidades: las de las respuestas se ofrecen en los campos de unidad --------------
  formulario.addEventListener("change", function (e) {
    if (!/^respuestas\.\d+\.unidad$/.test(e.target.name || "")) { return; }
    var lista = document.getElementById("unidades-del-caso");
    var vistas = todos("option", lista).map(function (o) { return o.value; });
    todos('[name^="respuestas."]').forEach(function (c) {
      if (/\.unidad$/.test(c.name) && c.value && vistas.indexOf(c.value) < 0) {
        var o = document.createElement("option"); o.value = c.value; lista.appendChild(o); vistas.push(c.value);
      }
    });
  });
})();
