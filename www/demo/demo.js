// Demo only: once nianbao has attached, type the seed report (迎春镇 2023, all zeros) into the
// form, as a clerk would, so the demo opens filled in. `?empty` leaves the form blank.
(function () {
  'use strict';
  if (!window.nianbao || /[?&]empty\b/.test(location.search)) return;
  window.nianbao.ready.then(function (ok) {
    if (!ok) return;
    return fetch('/seed.json')
      .then(function (r) { return r.json(); })
      .then(function (seed) {
        window.nianbao.controllers.forEach(function (controller) {
          var mapping = controller.mapping().mapping;
          var last = null;
          Object.keys(mapping).forEach(function (key) {
            var el = document.getElementsByName(key)[0] || document.getElementById(key);
            var value = seed.cells[mapping[key]];
            if (el && !el.readOnly && value !== undefined) {
              el.value = value;
              last = el;
            }
          });
          if (last) last.dispatchEvent(new Event('change', { bubbles: true }));
        });
        document.documentElement.setAttribute('data-demo-filled', 'true');
      });
  });
})();
