"""portefolje: publish a public sector portfolio as a bilingual (nb/nn) static site."""
