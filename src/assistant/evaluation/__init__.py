"""The evaluation question set (eval/questions.jsonl): its typed loader, validator and source checker."""
