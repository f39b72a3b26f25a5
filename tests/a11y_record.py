"""What the accessibility tests of this run checked and found, for the published statement.

Tests add their counts here; at the end of a run with PORTEFOLJE_RECORD_A11Y=1, conftest.py
writes them, with each method's outcome, to accessibility/latest-run.json.
"""

from __future__ import annotations

from collections import Counter

# Test function name → the method of accessibility/criteria.yaml it carries out.
METHODS = {
    "test_axe_finds_no_wcag_violations": "axe",
    "test_dark_theme_passes_axe": "axe",
    "test_nu_html_checker_finds_no_errors": "vnu",
    "test_keyboard_reaches_skip_link_language_switch_search_and_content": "keyboard",
    "test_initiative_filters_work_by_keyboard": "keyboard",
    "test_reflow_at_320_px_has_no_horizontal_page_scroll": "reflow",
    # Every page at 320 px (and 1280 px), and search with its results, as a reader sees them.
    "test_every_page_reads_right_in_the_browser": "reflow",
    "test_search_as_a_reader_uses_it": "reflow",
    "test_text_at_200_percent_does_not_break_the_layout": "resize",
    "test_headings_tables_and_titles": "structure",
    "test_page_titles_are_unique_across_the_whole_site": "structure",
    "test_pages_have_the_right_lang_and_request_nothing_from_other_sites": "language",
    "test_fallback_text_renders_marked_on_the_nynorsk_page": "language",
    "test_no_bokmal_interface_text_on_nynorsk_pages": "language",
    "test_no_english_interface_text_on_any_page": "language",
    "test_bokmal_text_on_nynorsk_pages_is_marked_as_bokmal": "language",
    "test_landmarks_and_heading_levels": "structure",
    "test_every_focused_element_is_on_screen_and_not_covered": "focus",
    "test_the_menu_button_opens_the_menu_by_keyboard_and_escape_closes_it": "focus",
    "test_single_keys_change_nothing": "shortcuts",
    "test_search_results_are_announced_and_the_first_one_opens": "status-messages",
    "test_every_status_keeps_a_visible_distinct_shape": "forced-colours",
    "test_nothing_is_cut_off_with_wider_text_spacing": "spacing",
}

counts: Counter[str] = Counter()
versions: dict[str, str] = {}
outcomes: dict[str, list[str]] = {}
