// Candidate pages: instant prep ticks, and a debrief that is never lost (autosave to the
// server, a copy on this phone while offline, sent when the connection returns).
// Every page works without this file.
(function () {
  "use strict";
  var PREFIX = "debrief:";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  var store = {
    get: function (k) { try { return JSON.parse(localStorage.getItem(k)); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem(k, JSON.stringify(v)); } catch (e) { /* full or off */ } },
    del: function (k) { try { localStorage.removeItem(k); } catch (e) { /* off */ } }
  };

  function post(form, url, body) {
    var token = form.querySelector("[name=csrf_token]");
    return fetch(url || form.action, {
      method: "POST",
      body: body || new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (r) {
      // A sign-in page (redirect) or an HTML error page means the session ended.
      if (r.redirected || (r.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        throw new Error("signin");
      }
      return r.json();
    });
  }

  // Signing out clears every debrief draft kept on this phone.
  each(document.querySelectorAll('form[action$="/logout"]'), function (f) {
    f.addEventListener("submit", function () {
      try {
        for (var i = localStorage.length - 1; i >= 0; i--) {
          var k = localStorage.key(i);
          if (k && k.indexOf(PREFIX) === 0) localStorage.removeItem(k);
        }
      } catch (e) { /* storage off */ }
    });
  });

  if (!window.fetch || !window.FormData) return;

  // Prep checklist: tick and untick without a reload.
  var meter = document.querySelector("[data-progress]");
  var summary = document.getElementById("prep-progress");
  function recount(note) {
    var buttons = document.querySelectorAll("form[data-tick] button");
    var done = document.querySelectorAll('form[data-tick] button[aria-pressed="true"]').length;
    if (meter) meter.value = done;
    if (summary) summary.textContent = done + " of " + buttons.length + " done" + (note || "");
  }
  each(document.querySelectorAll("form[data-tick]"), function (form) {
    var seq = 0;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var button = form.querySelector("button");
      var input = form.querySelector("[name=done]");
      var body = new FormData(form);
      var done = input.value === "1";
      var mine = ++seq;
      input.value = done ? "0" : "1";
      button.setAttribute("aria-pressed", String(done));
      recount();
      post(form, null, body).then(function (d) {
        if (!d.ok) throw new Error("refused");
        if (mine !== seq) return;
        input.value = d.done ? "0" : "1";
        button.setAttribute("aria-pressed", String(d.done));
        recount();
      }).catch(function () {
        if (mine !== seq) return;
        input.value = done ? "1" : "0";
        button.setAttribute("aria-pressed", String(!done));
        recount(" · that tap was not saved, try again");
      });
    });
  });

  // Debrief: autosave as the candidate types; a copy on this phone until the server has it.
  var form = document.getElementById("debrief");
  if (!form) return;
  var key = form.getAttribute("data-key");
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("save-status");
  var sent = form.getAttribute("data-sent") === "1";
  var stamp = form.getAttribute("data-stamp");
  var timer = null, retry = null, busy = false, again = false;
  var ON_PHONE = "Saved on this phone, not sent yet.";

  function skip(el) {
    return !el.name || el.type === "submit" || el.type === "button" ||
      el.name === "csrf_token" || el.name === "idempotency_key" || /interviewer_id$/.test(el.name);
  }
  function fields() {
    var out = [];
    each(form.elements, function (el) {
      if (skip(el) || ((el.type === "radio" || el.type === "checkbox") && !el.checked)) return;
      out.push([el.name, el.value]);
    });
    return out;
  }
  function apply(pairs) {
    var values = {};
    pairs.forEach(function (p) { (values[p[0]] = values[p[0]] || []).push(p[1]); });
    each(form.elements, function (el) {
      if (skip(el)) return;
      var v = values[el.name] || [];
      if (el.type === "radio" || el.type === "checkbox") el.checked = v.indexOf(el.value) >= 0;
      else el.value = v.length ? v[0] : "";
    });
  }
  function same(a, b) { return JSON.stringify(a) === JSON.stringify(b); }
  function say(text) { if (status.textContent !== text) status.textContent = text; }
  function keep() { store.set(key, { stamp: stamp, fields: fields(), at: Date.now() }); }
  function later(ms) { clearTimeout(timer); timer = setTimeout(send, ms); }

  function send() {
    if (sent) { say(ON_PHONE + " Press \u201cSend changes\u201d to send them."); return; }
    if (busy) { again = true; return; }
    busy = true;
    var snapshot = fields();
    post(form, url).then(function (d) {
      if (d.sent) { sent = true; say(ON_PHONE + " Press \u201cSend changes\u201d to send them."); return; }
      if (!d.ok) throw new Error("refused");
      stamp = d.stamp;
      form.setAttribute("data-stamp", stamp);
      Object.keys(d.people || {}).forEach(function (row) {
        var id = form.querySelector('[name="people-' + row + '-interviewer_id"]');
        if (id && !id.value) id.value = d.people[row];
      });
      var entry = store.get(key);
      if (entry && same(entry.fields, snapshot)) store.del(key); else keep();
      clearInterval(retry);
      retry = null;
      say(d.invalid && d.invalid.length
        ? "Saved " + d.saved_at + ", except a field that needs fixing."
        : "Saved " + d.saved_at + ".");
    }).catch(function (e) {
      say(e.message === "signin" ? ON_PHONE + " Sign in again to send it." : ON_PHONE);
      if (!retry) retry = setInterval(send, 15000);
    }).then(function () {
      busy = false;
      if (again) { again = false; later(300); }
    });
  }

  function typed() { keep(); say(ON_PHONE); later(1200); }
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", function () { keep(); clearTimeout(timer); });
  window.addEventListener("online", function () { if (store.get(key)) send(); });

  // Typing this phone kept but the server never got: restore it, then send it.
  var entry = store.get(key);
  if (entry && entry.fields) {
    if (same(entry.fields, fields())) {
      if (form.getAttribute("data-server") === "1") store.del(key);
    } else if (entry.stamp === stamp) {
      apply(entry.fields);
      say("Restored what you typed on this phone. Sending\u2026");
      send();
    } else {
      var use = document.createElement("button");
      use.type = "button";
      use.className = "button button-secondary button-block";
      use.textContent = "Use what you typed on this phone";
      use.addEventListener("click", function () {
        apply(entry.fields);
        use.remove();
        typed();
      });
      status.parentNode.insertBefore(use, status);
      say("This phone has typing the portal has not got. Use it, or carry on.");
    }
  }
})();
