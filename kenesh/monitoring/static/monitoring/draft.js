/* The monitor's visit form keeps a draft on the phone while it is typed, and restores it when the page is
   opened again after a failed submission or a lost connection: the text in localStorage, the chosen photos
   in IndexedDB (as Blobs, no more and no larger than the server takes: the form's data-photo-max-count and
   data-photo-max-bytes), put back into the file input through a DataTransfer. The object's page, shown after
   the visit is recorded, clears both (data-monitoring-draft-clear). Progressive enhancement: without
   JavaScript the server re-renders a rejected form with everything typed. No inline script (CSP).
   The form says what became of the photos in data-photos-kept (how many are kept), once it is known. */
(function () {
  "use strict";
  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem("monitoring-probe", "1");
    storage.removeItem("monitoring-probe");
  } catch (error) {
    storage = null;
  }

  var DB_NAME = "kenesh-monitoring-drafts";
  var STORE = "photos";
  function database(then, otherwise) {
    var request;
    try {
      request = window.indexedDB.open(DB_NAME, 1);
    } catch (error) {
      otherwise();
      return;
    }
    request.onupgradeneeded = function () {
      request.result.createObjectStore(STORE);
    };
    request.onsuccess = function () {
      then(request.result);
    };
    request.onerror = otherwise;
    request.onblocked = otherwise;
  }
  function photosChange(key, value, done) {
    database(function (db) {
      var transaction;
      try {
        transaction = db.transaction(STORE, "readwrite");
        if (value && value.length) {
          transaction.objectStore(STORE).put(value, key);
        } else {
          transaction.objectStore(STORE)["delete"](key);
        }
      } catch (error) {
        db.close();
        done(false);
        return;
      }
      transaction.oncomplete = function () {
        db.close();
        done(true);
      };
      transaction.onerror = transaction.onabort = function () {
        db.close();
        done(false);
      };
    }, function () {
      done(false);
    });
  }
  function photosRead(key, done) {
    database(function (db) {
      var request;
      try {
        request = db.transaction(STORE, "readonly").objectStore(STORE).get(key);
      } catch (error) {
        db.close();
        done(null);
        return;
      }
      request.onsuccess = function () {
        db.close();
        done(request.result || null);
      };
      request.onerror = function () {
        db.close();
        done(null);
      };
    }, function () {
      done(null);
    });
  }

  document.querySelectorAll("[data-monitoring-draft-clear]").forEach(function (node) {
    var key = node.getAttribute("data-monitoring-draft-clear");
    if (storage) {
      storage.removeItem(key);
    }
    photosChange(key, null, function () {
      node.setAttribute("data-cleared", "1");
    });
  });
  var form = document.getElementById("visit-form");
  if (!form) {
    return;
  }
  var key = form.getAttribute("data-draft-key");

  /* Text. */
  function fields() {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "file" && el.type !== "hidden" && el.type !== "submit";
    });
  }
  function save() {
    if (!storage) {
      return;
    }
    var draft = {};
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        draft[el.name + "=" + el.value] = el.checked;
      } else {
        draft[el.name] = el.value;
      }
    });
    try {
      storage.setItem(key, JSON.stringify(draft));
    } catch (error) {
      /* storage full: the server still keeps what was typed on a rejected submission */
    }
  }
  function makeRoom(draft) {
    // A draft may have more rows (findings) than the page shows: add them first, so no text is dropped.
    if (!window.KeneshRows) {
      return;
    }
    form.querySelectorAll("[data-rows-template]").forEach(function (container) {
      var blank = document.getElementById(container.getAttribute("data-rows-template"));
      if (!blank) {
        return;
      }
      var prefixes = Array.prototype.map.call(blank.content.querySelectorAll("[name]"), function (el) {
        return el.getAttribute("name").split("__n__")[0];
      });
      var rows = 0;
      Object.keys(draft).forEach(function (name) {
        prefixes.forEach(function (prefix) {
          var rest = name.slice(prefix.length);
          if (name.indexOf(prefix) === 0 && /^\d+$/.test(rest) && draft[name]) {
            rows = Math.max(rows, parseInt(rest, 10) + 1);
          }
        });
      });
      window.KeneshRows.ensure(container, rows);
    });
  }
  function restore() {
    var draft;
    try {
      draft = JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      draft = null;
    }
    if (!draft) {
      return;
    }
    makeRoom(draft);
    fields().forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        var stored = draft[el.name + "=" + el.value];
        if (typeof stored === "boolean") {
          el.checked = stored;
        }
      } else if (typeof draft[el.name] === "string" && !el.value) {
        el.value = draft[el.name];
      }
    });
  }
  if (storage) {
    // A page the server re-rendered with the submitted values is newer than the draft: keep it, save it.
    if (form.getAttribute("data-bound") !== "1") {
      restore();
    }
    save();
    form.addEventListener("input", save);
    form.addEventListener("change", save);
  }

  /* Photos. */
  var input = form.querySelector("input[type=file][name=photos]");
  if (!input || !window.indexedDB) {
    return;
  }
  var most = parseInt(form.getAttribute("data-photo-max-count"), 10) || 0;
  var largest = parseInt(form.getAttribute("data-photo-max-bytes"), 10) || 0;
  var types = (input.getAttribute("accept") || "").split(",");
  function kept(count) {
    form.setAttribute("data-photos-kept", String(count));
  }
  function keep() {
    var chosen = Array.prototype.filter.call(input.files || [], function (file) {
      return types.indexOf(file.type) >= 0 && file.size <= largest;
    }).slice(0, most);
    var value = chosen.map(function (file) {
      return {
        name: file.name,
        type: file.type,
        lastModified: file.lastModified,
        blob: file.slice(0, file.size, file.type)
      };
    });
    photosChange(key, value, function (stored) {
      kept(stored ? value.length : 0);
    });
  }
  function putBack(value) {
    if (!value || !value.length || (input.files && input.files.length)) {
      kept(0);
      return;
    }
    try {
      var transfer = new DataTransfer();
      value.slice(0, most).forEach(function (photo) {
        transfer.items.add(new File([photo.blob], photo.name, { type: photo.type, lastModified: photo.lastModified }));
      });
      input.files = transfer.files;
    } catch (error) {
      kept(0); /* no DataTransfer here: the monitor chooses the photos again */
      return;
    }
    var note = form.querySelector(".monitoring-photos-restored");
    if (note) {
      note.hidden = false;
    }
    kept(input.files.length);
  }
  if (form.getAttribute("data-photos-rejected") === "1") {
    // The server refused these photos: keeping them would only bring them back.
    photosChange(key, null, function () {
      kept(0);
    });
  } else {
    photosRead(key, putBack);
  }
  input.addEventListener("change", keep);
})();
