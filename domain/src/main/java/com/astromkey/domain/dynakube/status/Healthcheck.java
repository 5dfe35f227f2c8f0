package com.astromkey.domain.dynakube.status;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;

/** Probe command of the OneAgent container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Healthcheck {
  @JsonPropertyDescription("Command.")
  private List<String> test;

  @JsonPropertyDescription("Interval.")
  private String interval;

  @JsonPropertyDescription("Timeout.")
  private String timeout;

  @JsonPropertyDescription("Start period.")
  private String startPeriod;

  @JsonPropertyDescription("Retries.")
  private Integer retries;

  public List<String> getTest() { return test; }
  public void setTest(List<String> test) { this.test = test; }
  public String getInterval() { return interval; }
  public void setInterval(String interval) { this.interval = interval; }
  public String getTimeout() { return timeout; }
  public void setTimeout(String timeout) { this.timeout = timeout; }
  public String getStartPeriod() { return startPeriod; }
  public void setStartPeriod(String startPeriod) { this.startPeriod = startPeriod; }
  public Integer getRetries() { return retries; }
  public void setRetries(Integer retries) { this.retries = retries; }
}
