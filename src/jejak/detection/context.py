"""Context-word matching that works for short Latin abbreviations and for scripts without spaces.

Presidio matches context words either as substrings of tokens (so "ic" fires inside "music") or as whole
tokens (so Thai context words, which sit inside long unsegmented tokens, never match). jejak needs both:
short words (under four characters: IC, KP, HP, NIK, SĐT) must equal a token, longer ones may sit inside
a token.
"""

from __future__ import annotations

from presidio_analyzer.context_aware_enhancers import LemmaContextAwareEnhancer

SHORT_WORD = 4


class MixedModeContextEnhancer(LemmaContextAwareEnhancer):
    @staticmethod
    def _find_supportive_word_in_context(
        context_list: list[str],
        recognizer_context_list: list[str],
        matching_mode: str = "mixed",
    ) -> str:
        if not context_list or not recognizer_context_list:
            return ""
        tokens = [token.lower() for token in context_list]
        token_set = set(tokens)
        for word in recognizer_context_list:
            word = word.lower()
            if len(word) < SHORT_WORD:
                if word in token_set:
                    return word
            elif any(word in token for token in tokens):
                return word
        return ""
