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

  // Why a request failed, for what the page says: "signin" when the session ended (the
  // sign-in page answered), "server" for any other answer that is not ours (a 503 page),
  // and fetch's own TypeError when there is no connection at all.
  function post(form, url, body) {
    var token = form.querySelector("[name=csrf_token]");
    return fetch(url || form.action, {
      method: "POST",
      body: body || new FormData(form),
      credentials: "same-origin",
      headers: { "Accept": "application/json", "X-CSRFToken": token ? token.value : "" }
    }).then(function (r) {
      if (r.redirected && /\/login/.test(r.url)) throw new Error("signin");
      if ((r.headers.get("Content-Type") || "").indexOf("application/json") !== 0) {
        throw new Error("server");
      }
      return r.json();
    });
  }

  // The confirmation after Send: this phone's copies of that debrief are no longer needed.
  var confirmed = document.querySelector("[data-sent-key]");
  if (confirmed) {
    store.del(confirmed.getAttribute("data-sent-key"));
    store.del(confirmed.getAttribute("data-sent-key") + ":send");
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
    if (!summary) return;
    // The words in the page's language when it gave them (data-count, data-not-saved).
    var words = summary.getAttribute("data-count") || "%(done)s of %(total)s done";
    summary.textContent = words.replace("%(done)s", done).replace("%(total)s", buttons.length) +
      (note ? " \u00b7 " + (summary.getAttribute("data-not-saved") || note) : "");
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
        recount("that tap was not saved, try again");
      });
    });
  });

  // Debrief: autosave as the candidate types; a copy on this phone until the server has it.
  var form = document.getElementById("debrief");
  if (!form) return;
  var key = form.getAttribute("data-key");
  var SEND = key + ":send";
  var url = form.getAttribute("data-autosave");
  var status = document.getElementById("save-status");
  var rev = form.querySelector("[name=draft_rev]");
  var sent = form.getAttribute("data-sent") === "1";
  var stamp = form.getAttribute("data-stamp");
  var timer = null, retry = null, sendRetry = null, busy = false, again = false;
  // The server showed both versions (a stale Send or Save): nothing saves until one is chosen.
  var stale = !!document.getElementById("conflict");
  var pressed = null, heldHere = false;
  // The page's words in its language (data-words, when not English); English otherwise.
  var WORDS = {};
  try { WORDS = JSON.parse(form.getAttribute("data-words") || "{}"); } catch (e) { WORDS = {}; }
  function w(text) { return WORDS[text] || text; }
  var ON_PHONE = w("Saved on this phone, not sent yet.");
  var HELD = w("No signal: your debrief is kept on this phone and will be sent when the signal returns.");
  // Sent, or shown both versions instead: the Send this phone held has its answer.
  if (form.getAttribute("data-just-sent") === "1" || stale) store.del(SEND);

  function skip(el) {
    return !el.name || el.type === "submit" || el.type === "button" || el.name === "csrf_token" ||
      el.name === "idempotency_key" || el.name === "draft_rev" || /interviewer_id$/.test(el.name);
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
  function later(ms) { clearTimeout(timer); timer = setTimeout(save, ms); }

  // Another tab saved since this page's draft: show what differs and let the person choose.
  function conflict(d) {
    stale = true;
    var old = document.getElementById("conflict");
    if (old) old.remove();
    var mine = {};
    fields().forEach(function (p) { mine[p[0]] = p[1]; });
    var box = document.createElement("section");
    box.id = "conflict";
    box.className = "error-summary";
    box.setAttribute("role", "alert");
    var h = document.createElement("h2");
    h.textContent = w("This draft changed in another tab");
    box.appendChild(h);
    var list = document.createElement("dl");
    list.className = "facts";
    Object.keys(d.theirs).forEach(function (name) {
      var a = (mine[name] || "").replace(/\r\n/g, "\n"), b = d.theirs[name] || "";
      if (a === b) return;
      var dt = document.createElement("dt");
      dt.textContent = d.labels[name] || name;
      var dd = document.createElement("dd");
      dd.textContent = w("This tab: %(mine)s · Other: %(other)s")
        .replace("%(mine)s", a || "\u2014").replace("%(other)s", b || "\u2014");
      list.appendChild(dt);
      list.appendChild(dd);
    });
    box.appendChild(list);
    function choice(text, use) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "button button-secondary button-block";
      b.textContent = text;
      b.addEventListener("click", function () {
        if (use) apply(fields().filter(function (p) { return !(p[0] in d.theirs); })
          .concat(Object.keys(d.theirs).map(function (n) { return [n, d.theirs[n]]; })));
        rev.value = d.rev;
        stale = false;
        box.remove();
        keep();
        save();
      });
      box.appendChild(b);
    }
    choice(w("Keep what this tab has"), false);
    choice(w("Use the other tab\u2019s version"), true);
    form.parentNode.insertBefore(box, form);
    say(w("Not saved: this draft changed in another tab. Choose which to keep above."));
  }

  function save() {
    if (sent) { say(ON_PHONE + " " + w("Press \u201cSend changes\u201d to send them.")); return; }
    if (stale) return;
    if (busy) { again = true; return; }
    busy = true;
    var snapshot = fields();
    post(form, url).then(function (d) {
      if (d.stale) { conflict(d); return; }
      if (d.sent) { sent = true; say(ON_PHONE + " " + w("Press \u201cSend changes\u201d to send them.")); return; }
      if (!d.ok) throw new Error("refused");
      stamp = d.stamp;
      rev.value = d.rev;
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
        ? w("Saved %(when)s, except a field that needs fixing.").replace("%(when)s", d.saved_at)
        : w("Saved %(when)s.").replace("%(when)s", d.saved_at));
    }).catch(function (e) {
      say(e.message === "signin" ? ON_PHONE + " " + w("Sign in again to send it.") : ON_PHONE);
      if (!retry) retry = setInterval(save, 15000);
    }).then(function () {
      busy = false;
      // A press of Send or Save draft waited for this save: its revision is current now.
      if (pressed) { var button = pressed; pressed = null; form.requestSubmit(button); return; }
      if (again) { again = false; later(300); }
    });
  }

  // Send without a signal: the whole form (with its idempotency key) waits on this phone,
  // and goes when the connection returns; the same key twice keeps one version.
  function everything() {
    var out = [];
    each(form.elements, function (el) {
      if (!el.name || el.type === "submit" || el.name === "csrf_token") return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      out.push([el.name, el.value]);
    });
    return out;
  }
  function deliver() {
    var held = store.get(SEND);
    if (!held) return;
    var body = new FormData();
    held.pairs.forEach(function (p) {
      // This page's own autosaves moved the revision on since Send was pressed.
      body.append(p[0], p[0] === "draft_rev" && heldHere ? rev.value : p[1]);
    });
    body.append("action", "submit");
    body.append("csrf_token", form.querySelector("[name=csrf_token]").value);
    say(w("Sending your debrief\u2026"));
    // Not form.action: the Send button is named "action", and would stand in for it.
    var target = form.getAttribute("action") || location.href;
    fetch(target, { method: "POST", body: body, credentials: "same-origin" }).then(function (r) {
      if (r.redirected && /\/login/.test(r.url)) throw new Error("signin");
      if (r.status === 409) {
        // Another tab saved meanwhile: keep this typing here, and let the page offer it.
        store.del(SEND);
        store.set(key, { stamp: "", fields: held.pairs.filter(function (p) {
          return p[0] !== "idempotency_key" && p[0] !== "draft_rev" && !/interviewer_id$/.test(p[0]);
        }), at: Date.now() });
        location.replace(location.href);
        return;
      }
      if (!r.ok) throw new Error("server");
      store.del(SEND);
      clearInterval(sendRetry);
      sendRetry = null;
      // The confirmation page, or this page again when a field still needs a fix.
      location.replace(r.redirected ? r.url : location.href);
    }).catch(function (e) {
      say(e.message === "signin" ? w("Your debrief is kept on this phone. Sign in again to send it.") : HELD);
      if (!sendRetry) sendRetry = setInterval(deliver, 10000);
    });
  }

  function typed() { if (stale) { keep(); return; } keep(); say(ON_PHONE); later(1200); }
  form.addEventListener("input", typed);
  form.addEventListener("change", typed);
  form.addEventListener("submit", function (ev) {
    keep();
    clearTimeout(timer);
    if (busy && ev.submitter) { ev.preventDefault(); pressed = ev.submitter; return; }
    if (!ev.submitter || ev.submitter.value !== "submit") return;
    store.set(SEND, { pairs: everything(), at: Date.now() });
    heldHere = true;
    if (navigator.onLine === false) {
      ev.preventDefault();
      say(HELD);
      if (!sendRetry) sendRetry = setInterval(deliver, 10000);
    }
  });
  var drop = form.querySelector("[data-drop-typing]");
  if (drop) drop.addEventListener("click", function () { store.del(key); });
  window.addEventListener("online", function () {
    if (store.get(SEND)) deliver(); else if (store.get(key)) save();
  });

  // A Send that never reached the server (the tab closed, or the browser's offline page).
  if (store.get(SEND)) {
    apply(store.get(SEND).pairs);
    say(HELD);
    if (navigator.onLine !== false) deliver(); else sendRetry = setInterval(deliver, 10000);
    return;
  }

  // Typing this phone kept but the server never got: restore it, then send it.
  var entry = store.get(key);
  if (entry && entry.fields) {
    if (same(entry.fields, fields())) {
      if (form.getAttribute("data-server") === "1") store.del(key);
    } else if (entry.stamp === stamp) {
      apply(entry.fields);
      say(w("Restored what you typed on this phone. Sending\u2026"));
      save();
    } else {
      var use = document.createElement("button");
      use.type = "button";
      use.className = "button button-secondary button-block";
      use.textContent = w("Use what you typed on this phone");
      use.addEventListener("click", function () {
        apply(entry.fields);
        use.remove();
        typed();
      });
      status.parentNode.insertBefore(use, status);
      say(w("This phone has typing the portal has not got. Use it, or carry on."));
    }
  }
})();
