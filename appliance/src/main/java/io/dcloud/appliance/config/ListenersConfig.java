package io.dcloud.appliance.config;

/**
 * The host ports the appliance listens on.
 *
 * @param bindAddress address every listener binds to
 * @param tls the SNI router (tenant HTTPS)
 * @param http the Host-header router (tenant HTTP and ACME HTTP-01)
 * @param api the management API (HTTPS)
 */
public record ListenersConfig(String bindAddress, int tls, int http, int api) {}
