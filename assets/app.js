// Ethos progressive enhancement. Every page works without this file.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Move focus to the error summary so screen readers announce it.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }

  // Clicking a link in the error summary focuses the field itself.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!link) { return; }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (field) { event.preventDefault(); field.focus(); field.scrollIntoView({ block: "center" }); }
  });

  // Ask before destructive actions in a dialog; without this script the
  // server asks on a page of its own (the form's hidden "ask_first" field).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.querySelector("input[name='ask_first']");
    if (!question || form.querySelector("input[name='asked']")) { return; }
    if (!window.confirm(question.value)) { event.preventDefault(); return; }
    var yes = document.createElement("input");
    yes.type = "hidden"; yes.name = "asked"; yes.value = "yes";
    form.appendChild(yes);
  });
})();

/* sign-in: offer the organisation's single sign-on as soon as an email is
   typed; without the script, "Continue with single sign-on" does it. */
(function () {
  "use strict";
  var form = document.querySelector("form[data-sign-in]");
  var slot = document.getElementById("sso-offer");
  if (!form || !slot || !window.fetch) { return; }
  var email = form.querySelector("input[name='email']");
  var next = form.querySelector("input[name='next']");
  var asked = "";
  function check() {
    var value = email.value.trim();
    if (value === asked) { return; }
    asked = value;
    if (value.indexOf("@") < 1) { slot.textContent = ""; return; }
    var url = "/sign-in/sso/offer?email=" + encodeURIComponent(value) +
      "&next=" + encodeURIComponent(next ? next.value : "");
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.status === 200 ? r.json() : null; })
      .then(function (offer) {
        if (value !== asked) { return; }
        slot.textContent = "";
        if (!offer) { return; }
        var p = document.createElement("p");
        var link = document.createElement("a");
        link.className = "button";
        link.id = "sso-now";
        link.href = offer.href;
        link.textContent = offer.label;
        p.appendChild(link);
        slot.appendChild(p);
      })
      .catch(function () { asked = ""; });
  }
  email.addEventListener("change", check);
  email.addEventListener("blur", check);
})();

/* consultations */
(function () {
  "use strict";
  var survey = document.querySelector("form[data-survey]");
  if (!survey) { return; }
  var storeKey = "ethos-survey-" + survey.getAttribute("data-survey");

  // "4 kept, 2 removed" as the respondent goes. Only the script counts:
  // without it the page could not keep a count right, so it shows none.
  function count(words) {
    var box = words.parentNode.querySelector("[data-word-counts]");
    if (!box) { return; }
    var kept = words.querySelectorAll("input[value='keep']:checked").length;
    var removed = words.querySelectorAll("input[value='remove']:checked").length;
    box.textContent = kept + " " + (survey.getAttribute("data-kept") || "kept") + ", " + removed + " " +
      (survey.getAttribute("data-removed") || "removed");
    box.hidden = false;
  }

  // A tap or click on a word moves it on: no view, keep, remove, no view.
  // The word's radios (hidden from sight, not from keyboards or screen
  // readers) stay the answer; the tap only checks the next one.
  survey.addEventListener("click", function (event) {
    var text = event.target.closest && event.target.closest(".word__text");
    if (!text) { return; }
    var inputs = text.parentNode.querySelectorAll(".word__input");
    var at = 0;
    inputs.forEach(function (input, i) { if (input.checked) { at = i; } });
    var next = inputs[(at + 1) % inputs.length];
    next.checked = true;
    next.dispatchEvent(new Event("change", { bubbles: true }));
  });

  // Characters left in a text answer.
  function left(area) {
    var out = document.querySelector("[data-count-for='" + area.id + "']");
    var limit = parseInt(area.getAttribute("data-limit"), 10);
    if (!out || !limit) { return; }
    var n = limit - Array.from(area.value).length;
    out.textContent = n >= 0 ? "You have " + n + " characters left" : "You have " + (-n) + " characters too many";
  }

  // Progress survives a reload: unsent answers are kept in this tab only.
  function save() {
    var data = [];
    Array.prototype.forEach.call(survey.elements, function (el) {
      if (!el.name || el.name === "csrf_token") { return; }
      if ((el.type === "radio" || el.type === "checkbox")) { if (el.checked) { data.push([el.name, el.value]); } }
      else if (el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.type === "text") { data.push([el.name, el.value]); }
    });
    try { sessionStorage.setItem(storeKey, JSON.stringify(data)); } catch (e) { /* storage full or off */ }
  }
  function restore() {
    var raw;
    try { raw = sessionStorage.getItem(storeKey); } catch (e) { return; }
    if (!raw) { return; }
    var data = JSON.parse(raw);
    var names = {};
    data.forEach(function (pair) { (names[pair[0]] = names[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(survey.elements, function (el) {
      if (!el.name || !(el.name in names)) { return; }
      if (el.type === "radio" || el.type === "checkbox") { el.checked = names[el.name].indexOf(el.value) >= 0; }
      else { el.value = names[el.name][0]; }
    });
  }

  if (!document.querySelector("[data-error-summary]") && location.search.indexOf("saved=") < 0) { restore(); }
  if (location.search.indexOf("saved=") >= 0) { try { sessionStorage.removeItem(storeKey); } catch (e) { /* ignore */ } }
  survey.querySelectorAll("[data-words]").forEach(count);
  survey.querySelectorAll("textarea[data-limit]").forEach(left);
  survey.addEventListener("change", function (event) {
    var words = event.target.closest("[data-words]");
    if (words) { count(words); }
    save();
  });
  survey.addEventListener("input", function (event) {
    if (event.target.matches("textarea[data-limit]")) { left(event.target); }
    save();
  });
})();

/* consultations: the question builder shows only the fields of the chosen type */
(function () {
  "use strict";
  var kind = document.querySelector("select#kind");
  if (!kind || !kind.form) { return; }
  var parts = kind.form.querySelectorAll("[data-kinds]");
  function show() {
    parts.forEach(function (part) {
      part.hidden = part.getAttribute("data-kinds").split(" ").indexOf(kind.value) < 0;
    });
  }
  kind.addEventListener("change", show);
  show();
  /* the pasted-text box only when that is the text chosen */
  var source = kind.form.querySelector("select#source");
  var pasted = kind.form.querySelectorAll("[data-source]");
  function showSource() {
    pasted.forEach(function (part) {
      var wanted = part.getAttribute("data-source") === source.value;
      part.hidden = !wanted;
      if (wanted) { part.open = true; }
    });
  }
  if (source) {
    source.addEventListener("change", showSource);
    showSource();
  }
  // Copy buttons (a campaign's sample posts): shown only where the browser
  // can copy; without this script the text is there to select.
  if (navigator.clipboard && window.isSecureContext) {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var source = document.getElementById(button.getAttribute("data-copy"));
        if (!source) { return; }
        navigator.clipboard.writeText(source.textContent).then(function () {
          var label = button.firstChild.nodeValue;
          button.firstChild.nodeValue = "Copied";
          setTimeout(function () { button.firstChild.nodeValue = label; }, 2000);
        });
      });
    });
  }
})();
