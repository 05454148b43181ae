/* The plan's page without a full reload (issue 9 item 2): the item forms (add, edit,
   delete, move up and down) are posted in the background and the answer's HTML put in
   place. Without this script the same forms post and redirect as ordinary forms.
   Loaded from a file: the Content-Security-Policy allows no inline script. */
(function () {
  "use strict";

  var list = document.getElementById("plan-items");
  var status = document.getElementById("item-status");
  if (!list) {
    return;
  }

  function fragment(html) {
    var template = document.createElement("template");
    template.innerHTML = html.trim();
    return template.content.firstElementChild;
  }

  function say(text, isError) {
    status.textContent = text || "";
    status.classList.toggle("message-error", Boolean(isError));
  }

  function updatePlanVersion(version) {
    document.querySelectorAll('input[name="plan_version"]').forEach(function (input) {
      input.value = version;
    });
  }

  function reorder(order) {
    order.forEach(function (id) {
      var row = document.getElementById("item-" + id);
      if (row) {
        list.appendChild(row);
      }
    });
    document.getElementById("items-empty").hidden = order.length > 0;
  }

  function saved(form, kind, answer) {
    if (kind === "add") {
      list.appendChild(fragment(answer.row));
      if (answer.add_form) {
        form.replaceWith(fragment(answer.add_form));
      }
    } else if (kind === "edit") {
      var old = document.getElementById("item-" + answer.item.id);
      if (old) {
        old.replaceWith(fragment(answer.row));
      }
    } else if (kind === "delete") {
      form.closest("li.plan-item").remove();
    }
    /* A move only reorders the rows: a form open in another row keeps what it holds. */
    reorder(answer.order);
    if (kind === "move") {
      form.querySelector("button").focus();
    }
    updatePlanVersion(answer.plan_version);
    document.getElementById("plan-missing").innerHTML = answer.missing;
    say(answer.message, false);
  }

  function refused(form, answer) {
    if (answer.form) {
      var again = fragment(answer.form);
      form.replaceWith(again);
      var wrong = again.querySelector(".has-error input, .has-error select, .has-error textarea");
      (wrong || again.querySelector("button")).focus();
    }
    say(answer.message, true);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-item-action]");
    if (!form || !window.fetch) {
      return;
    }
    var kind = form.dataset.itemAction;
    if (form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    var buttons = form.querySelectorAll("button");
    buttons.forEach(function (button) { button.disabled = true; });
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" }
    })
      .then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (answer) {
        if (answer.ok) {
          saved(form, kind, answer);
        } else {
          refused(form, answer);
        }
      })
      .catch(function () {
        /* The form stays as typed; posting it without the script still works. */
        say(list.dataset.failed || "", true);
      })
      .finally(function () {
        buttons.forEach(function (button) { button.disabled = false; });
      });
  });
})();
