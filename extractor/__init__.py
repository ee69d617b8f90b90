"""dealqa: Chinese investment-promotion news into deals you can check."""
