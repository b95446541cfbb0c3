// Small enhancements only: every page works without this script.
// "Select all" checkbox on the remediation board.
for (const master of document.querySelectorAll('input[data-select-all]')) {
  master.addEventListener('change', () => {
    const name = master.getAttribute('data-select-all');
    for (const box of document.querySelectorAll(`input[type="checkbox"][name="${name}"]`)) {
      box.checked = master.checked;
    }
  });
}

// Move focus to the first error summary so keyboard and screen-reader users hear it at once.
const summary = document.querySelector('[role="alert"]');
if (summary) {
  summary.setAttribute('tabindex', '-1');
  summary.focus();
}
