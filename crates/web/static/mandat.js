// Mandat works without JavaScript; this only adds conveniences a script alone can give.
// « Imprimer »: a button with data-print prints the page (its print stylesheet lays it out).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
