package io.taxiride.api.view;

/** Where the rides
