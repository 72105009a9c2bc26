// Audit actions as people read them (German): the UI's item history and audit table, and the manual edits
// a Transfervermerk lists.

/** What happened, in German, for the history of an item and the audit table (unknown codes as they are). */
export const ACTION_LABEL: Record<string, string> = {
  'batch.ingested': 'Stapel angenommen',
  'item.approve': 'freigegeben',
  'item.unit': 'Organisationseinheit geändert',
  'item.metadata': 'Metadaten geändert',
  'item.rotate': 'Seite gedreht',
  'item.pages.delete': 'Seite entfernt',
  'item.reorder': 'Seiten umsortiert',
  'item.split': 'geteilt',
  'item.merge': 'zusammengeführt',
  'item.page.replace': 'Seite durch Neuscan ersetzt',
  'item.rescan_requested': 'Neuscan angefordert',
  'item.sent_back': 'vom Fachbereich zurückgegeben',
  'item.rerun': 'erneut verarbeitet',
  'item.review': 'in die Nachbearbeitung',
  'item.read': 'gelesen',
  'item.pages.done': 'alle Seiten gelesen',
  'stage.extract.done': 'Merkmale erkannt',
  'stage.classify.done': 'zugeordnet',
  'stage.assemble.done': 'PDF erzeugt',
  'stage.deliver.done': 'zugestellt',
  'ui.login': 'angemeldet',
  'ui.login.failed': 'Anmeldung fehlgeschlagen',
  'ui.logout': 'abgemeldet',
  'user.created': 'Benutzer angelegt',
  'user.changed': 'Benutzer geändert',
  'config.activated': 'Konfiguration aktiviert',
  'audit.anchor': 'Audit-Protokoll verankert',
  'originals.handled': 'Originale behandelt',
  'item.sealed': 'gesiegelt',
};
export const actionLabel = (action: string) => ACTION_LABEL[action] ?? action;

/** Actions of people that change an item's content or routing (listed in its Transfervermerk). */
export const MANUAL_EDITS = new Set([
  'item.unit',
  'item.metadata',
  'item.rotate',
  'item.pages.delete',
  'item.reorder',
  'item.split',
  'item.merge',
  'item.page.replace',
  'item.sent_back',
]);
