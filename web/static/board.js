/* global document, window, fetch */
// The board's few behaviours: adding a blank row to a table, the direct-quota count as
// methods are chosen, and posting a filled template (campaign, nomination) as it is. Everything works without it but these.
(function () {
  'use strict';

  function addRow(button) {
    var name = button.getAttribute('data-add-row');
    var body = document.querySelector('tbody[data-rows="' + name + '"]');
    var template = document.querySelector('template[data-row-template="' + name + '"]');
    if (!body || !template) return;
    var index = body.querySelectorAll('tr').length;
    var row = document.createElement('tbody');
    row.innerHTML = template.innerHTML.split('__i__').join(String(index));
    var added = row.firstElementChild;
    body.appendChild(added);
    var first = added.querySelector('input, select');
    if (first) first.focus();
  }

  // The same arithmetic as domain/shares.ts ceilShare: the smallest count reaching the share.
  function needed(quota, total) {
    return Math.ceil(quota * total - 1e-9 * Math.max(1, total));
  }

  function updateQuota(form) {
    var quota = Number(form.getAttribute('data-quota'));
    var groups = form.querySelectorAll('fieldset.radios');
    var direct = form.querySelectorAll('input[data-method][value="direct"]:checked').length;
    var need = needed(quota, groups.length);
    form.querySelector('#quota-direct').textContent = String(direct);
    form.querySelector('#quota-needed').textContent = String(need);
    form.querySelector('#quota-verdict').textContent = direct >= need ? '符合比例' : '尚未达到比例';
    form.querySelector('.quota').classList.toggle('quota-short', direct < need);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-add-row]');
    if (button) addRow(button);
  });

  document.addEventListener('change', function (event) {
    if (event.target.matches && event.target.matches('input[data-method]')) updateQuota(event.target.form);
  });

  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!form.hasAttribute('data-upload')) return;
    var file = form.querySelector('input[type=file]').files[0];
    if (!file) return;
    event.preventDefault();
    fetch(form.action, {
      method: 'POST',
      headers: { 'Content-Type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'X-CSRF-Token': form.getAttribute('data-csrf') },
      body: file,
      credentials: 'same-origin',
    }).then(function (response) {
      // The page fetched is the one to show (the campaign's, with its message, or the form
      // with the refusal): shown as it came, at the address it came from.
      return response.text().then(function (page) {
        if (response.redirected) window.history.replaceState(null, '', response.url);
        document.open();
        document.write(page);
        document.close();
      });
    });
  });

  document.addEventListener('DOMContentLoaded', function () {
    var form = document.querySelector('form[data-quota]');
    if (form) updateQuota(form);
    var summary = document.getElementById('error-summary');
    if (summary) summary.focus();
  });
})();
