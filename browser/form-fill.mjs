// Answers one field of a Camunda Form rendered by form-js the way a user does: clicks radios,
// checkboxes and dropdown items, types dates, times and text. Used by fill-forms.mjs (every form)
// and ward-app.mjs (the ward app's task page).

/** c: the form component, id: its id, value: the answer (an option's value for option fields). */
export async function fillField(page, c, id, value) {
  const field = `[id$="-${id}"]`;
  const option = v => {
    const i = (c.values || []).findIndex(o => o.value === v);
    if (i < 0) throw new Error(`${id} has no option ${v}`);
    return i;
  };
  switch (c.type) {
    case 'radio': await page.click(`label[for$="-${id}-${option(value)}"]`); break;
    case 'checkbox': if (value) await page.click(field); break;
    case 'checklist': for (const v of value) await page.click(`[id$="-${id}-${option(v)}"]`); break;
    case 'select': {
      await page.click(`[id$="-${id}-display"]`);
      const label = c.values[option(value)].label;
      const items = await page.$$('.fjs-dropdownlist-item');
      let clicked = false;
      for (const item of items) {
        if ((await item.evaluate(e => e.textContent.trim())) === label) { await item.click(); clicked = true; break; }
      }
      if (!clicked) throw new Error(`${id}: no dropdown item "${label}"`);
      break;
    }
    case 'datetime': {
      const [date, time] = value.split('T');
      const [y, m, d] = date.split('-');
      await page.click(`[id$="-${id}-date"]`);
      await page.keyboard.type(`${m}/${d}/${y}`, { delay: 20 });
      await page.keyboard.press('Enter');
      await page.type(`[id$="-${id}-time"]`, time);
      await page.keyboard.press('Enter');
      break;
    }
    default: await page.type(field, String(value));
  }
}

/** The components of a form schema by id, nested ones included. */
export function components(schema) {
  const all = {};
  const walk = list => (list || []).forEach(c => { all[c.id] = c; walk(c.components); });
  walk(schema.components);
  return all;
}
